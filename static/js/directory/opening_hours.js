/* Opening-hours editor in the profile form: shows the table or the expert field,
   greys out the times of a closed day and the special holiday hours unless chosen,
   and copies Monday's times to Tuesday-Friday. Without it every part stays usable. */
(function () {
    "use strict";

    function update(editor) {
        var mode = editor.querySelector("[data-opening-hours-mode]:checked");
        mode = mode ? mode.value : "rows";
        editor.querySelectorAll("[data-opening-hours-section]").forEach(function (section) {
            section.hidden = section.getAttribute("data-opening-hours-section") !== mode;
        });
        editor.querySelectorAll("[data-opening-hours-day]").forEach(function (row) {
            var closed = row.querySelector("[data-opening-hours-closed]").checked;
            row.querySelectorAll("[data-opening-hours-time]").forEach(function (input) {
                input.disabled = closed;
            });
        });
        var holidays = editor.querySelector("[data-opening-hours-holidays]:checked");
        var special = editor.querySelector("[data-opening-hours-special]");
        if (special) {
            special.hidden = !holidays || holidays.value !== "special";
        }
    }

    function copyMonday(editor) {
        var rows = editor.querySelectorAll("[data-opening-hours-day]");
        var monday = rows[0].querySelectorAll("input");
        for (var day = 1; day <= 4; day += 1) {
            rows[day].querySelectorAll("input").forEach(function (input, index) {
                if (input.type === "checkbox") {
                    input.checked = monday[index].checked;
                } else {
                    input.value = monday[index].value;
                }
            });
        }
        update(editor);
    }

    function editorOf(element) {
        return element.closest ? element.closest("[data-opening-hours-editor]") : null;
    }

    document.addEventListener("change", function (event) {
        var editor = editorOf(event.target);
        if (editor) {
            update(editor);
        }
    });
    document.addEventListener("input", function (event) {
        var editor = editorOf(event.target);
        if (editor && event.target.hasAttribute("data-opening-hours-expert")) {
            editor.querySelector('[data-opening-hours-mode][value="expert"]').checked = true;
        }
    });
    document.addEventListener("click", function (event) {
        var button = event.target.closest && event.target.closest("[data-opening-hours-copy]");
        if (button) {
            event.preventDefault();
            copyMonday(editorOf(button));
        }
    });

    function init() {
        document.querySelectorAll("[data-opening-hours-editor]").forEach(update);
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
