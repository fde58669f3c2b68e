/* The door's check-in page: every scanned code (the "scanner:code" event of
   static/js/scanner.js) and every typed code is sent at once and the answer
   shown in green (checked in), amber (already checked in) or red (refused).
   Without a connection nothing is queued: the page says in red that the
   ticket was NOT checked and offers to send it again, because only the
   server knows whether another entrance has let the ticket in already.
   The entrance's name is remembered on this device. */
(function () {
  "use strict";
  var form = document.querySelector("[data-checkin-form]");
  if (!form || !window.fetch) { return; }
  var box = document.querySelector("[data-checkin-result]");
  var message = box.querySelector("[data-checkin-message]");
  var details = box.querySelector("[data-checkin-ticket]");
  var retry = box.querySelector("[data-checkin-retry]");
  var progress = document.querySelector("[data-checkin-progress]");
  var entrance = form.querySelector("[data-checkin-entrance]");
  var codeInput = form.querySelector("[data-checkin-code]");
  var scanner = form.querySelector("[data-scanner]");
  var pending = "";

  try {
    if (!entrance.value) { entrance.value = window.localStorage.getItem("checkin-entrance") || ""; }
    entrance.addEventListener("change", function () { window.localStorage.setItem("checkin-entrance", entrance.value); });
  } catch { /* storage switched off: the field still works */ }

  function show(kind, text, ticket) {
    box.hidden = false;
    box.className = "checkin-result checkin-result--" + kind;
    message.textContent = text;
    details.textContent = ticket || "";
    retry.hidden = kind !== "offline";
  }

  function describe(data) {
    return [data.category, data.name, data.code].filter(Boolean).join(" · ");
  }

  function send(code) {
    pending = code;
    show("sending", form.dataset.sending, "");
    var body = new FormData(form);
    body.set("code", code);
    fetch(form.action || window.location.href, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json();
    }).then(function (data) {
      var kind = data.ok ? "ok" : (data.reason === "already" ? "warning" : "refused");
      show(kind, data.message, describe(data));
      if (data.progress) { progress.textContent = data.progress; }
      pending = "";
    }).catch(function () {
      show("offline", form.dataset.offline, "");
    });
  }

  scanner.addEventListener("scanner:code", function (event) { send(event.detail.code); });
  retry.addEventListener("click", function () { if (pending) { send(pending); } });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (codeInput.value.trim()) { send(codeInput.value.trim()); codeInput.value = ""; }
  });
})();
