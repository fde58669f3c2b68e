/*
 * Suggestions while typing in a search box: <input data-autocomplete="URL">.
 *
 * The ARIA 1.2 combobox pattern with a listbox popup ("list autocomplete"):
 * the input keeps the focus; Arrow Down/Up move through the suggestions
 * (aria-activedescendant), Enter opens the chosen one, Escape closes the list
 * (a second Escape clears the input), Tab leaves as usual. A polite live
 * region reads the number of suggestions, worded by the server in German.
 * Without JavaScript the box is a plain search field. No inline script: the
 * endpoint and the list's label come from data attributes.
 */
(function () {
    "use strict";

    var DELAY_MS = 150;
    var MIN_LENGTH = 2;
    var counter = 0;

    function enhance(input) {
        var endpoint = input.getAttribute("data-autocomplete");
        if (!endpoint) {
            return;
        }
        counter += 1;
        if (!input.id) {
            input.id = "autocomplete-" + counter;
        }
        var wrapper = document.createElement("div");
        wrapper.className = "autocomplete";
        input.parentNode.insertBefore(wrapper, input);
        wrapper.appendChild(input);

        var listbox = document.createElement("ul");
        listbox.id = input.id + "-suggestions";
        listbox.className = "autocomplete__list";
        listbox.setAttribute("role", "listbox");
        listbox.setAttribute("aria-label", input.getAttribute("data-autocomplete-label") || "");
        listbox.hidden = true;
        var status = document.createElement("div");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        status.setAttribute("aria-live", "polite");
        status.setAttribute("aria-atomic", "true");
        wrapper.appendChild(listbox);
        wrapper.appendChild(status);

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listbox.id);
        input.setAttribute("autocomplete", "off");

        var suggestions = [];
        var active = -1;
        var timer = null;
        var pending = null;

        function isOpen() {
            return !listbox.hidden;
        }

        function open() {
            if (suggestions.length) {
                listbox.hidden = false;
                input.setAttribute("aria-expanded", "true");
            }
        }

        function close() {
            listbox.hidden = true;
            input.setAttribute("aria-expanded", "false");
            setActive(-1);
        }

        function setActive(index) {
            var options = listbox.querySelectorAll("[role=option]");
            active = index;
            options.forEach(function (option, position) {
                option.setAttribute("aria-selected", position === index ? "true" : "false");
            });
            if (index >= 0 && options[index]) {
                input.setAttribute("aria-activedescendant", options[index].id);
                options[index].scrollIntoView({ block: "nearest" });
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function choose(index) {
            var suggestion = suggestions[index];
            if (suggestion) {
                close();
                window.location.assign(suggestion.url);
            }
        }

        function render(data) {
            suggestions = data.suggestions || [];
            listbox.replaceChildren();
            suggestions.forEach(function (suggestion, index) {
                var option = document.createElement("li");
                option.id = listbox.id + "-" + index;
                option.className = "autocomplete__option";
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                var label = document.createElement("span");
                label.className = "autocomplete__label";
                label.textContent = suggestion.label;
                var kind = document.createElement("span");
                kind.className = "autocomplete__kind";
                kind.textContent = suggestion.detail ? suggestion.kind + " · " + suggestion.detail : suggestion.kind;
                option.appendChild(label);
                option.appendChild(document.createTextNode(" "));
                option.appendChild(kind);
                // Keep the focus in the input when an option is clicked.
                option.addEventListener("mousedown", function (event) {
                    event.preventDefault();
                });
                option.addEventListener("click", function () {
                    choose(index);
                });
                listbox.appendChild(option);
            });
            active = -1;
            input.removeAttribute("aria-activedescendant");
            status.textContent = data.status || "";
            if (suggestions.length) {
                open();
            } else {
                close();
            }
        }

        function load() {
            var text = input.value.trim();
            if (text.length < MIN_LENGTH) {
                suggestions = [];
                close();
                status.textContent = "";
                return;
            }
            if (pending) {
                pending.abort();
            }
            pending = new AbortController();
            var url = endpoint + (endpoint.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(text);
            fetch(url, { headers: { Accept: "application/json" }, signal: pending.signal })
                .then(function (response) {
                    return response.ok ? response.json() : null;
                })
                .then(function (data) {
                    if (data && input.value.trim() === text) {
                        render(data);
                    }
                })
                .catch(function () {
                    /* Aborted or offline: the box still works as a plain search field. */
                });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(load, DELAY_MS);
        });

        input.addEventListener("keydown", function (event) {
            var count = suggestions.length;
            switch (event.key) {
                case "ArrowDown":
                    if (!count) {
                        return;
                    }
                    event.preventDefault();
                    if (!isOpen()) {
                        open();
                        if (event.altKey) {
                            return;
                        }
                    }
                    setActive(active + 1 >= count ? 0 : active + 1);
                    break;
                case "ArrowUp":
                    if (!count) {
                        return;
                    }
                    event.preventDefault();
                    open();
                    setActive(active <= 0 ? count - 1 : active - 1);
                    break;
                case "Enter":
                    if (isOpen() && active >= 0) {
                        event.preventDefault();
                        choose(active);
                    }
                    break;
                case "Escape":
                    if (isOpen()) {
                        event.preventDefault();
                        close();
                    } else if (input.value) {
                        event.preventDefault();
                        input.value = "";
                        suggestions = [];
                        status.textContent = "";
                    }
                    break;
                case "Tab":
                    close();
                    break;
                default:
                    break;
            }
        });

        input.addEventListener("blur", function () {
            close();
        });
    }

    document.querySelectorAll("input[data-autocomplete]").forEach(enhance);
})();
