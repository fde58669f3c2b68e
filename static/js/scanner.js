/* Camera QR scanner shared by the voucher till and the ticket check-in.
   Markup: an element [data-scanner] holding a <video>, a <canvas>, a
   .scanner__status line and a [data-scanner-start] button. It reads QR codes
   with the browser's BarcodeDetector where that reads them, otherwise with
   the vendored jsQR on canvas frames. data-code-pattern (a regular
   expression whose first group is the code) says which codes belong here.
   With data-status-prefix (the till) the first code opens prefix + code + "/"
   and the camera stops; with data-continuous (the check-in) the camera keeps
   running and each code is announced as a "scanner:code" event on the
   element, the same code at most once every few seconds. Nothing is redeemed
   or checked in by this module. */
(function () {
  "use strict";
  var root = document.querySelector("[data-scanner]");
  if (!root || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
  var video = root.querySelector("video");
  var canvas = root.querySelector("canvas");
  var status = root.querySelector(".scanner__status");
  var button = root.querySelector("[data-scanner-start]");
  var codePattern = new RegExp(root.dataset.codePattern);
  var continuous = root.hasAttribute("data-continuous");
  var repeatPause = 4000;
  var detector = null;
  var stream = null;
  var done = false;
  var lastCode = "";
  var lastAt = 0;

  function say(text) { status.textContent = text; }

  function announce(code) {
    var now = Date.now();
    if (code === lastCode && now - lastAt < repeatPause) { return; }
    lastCode = code;
    lastAt = now;
    root.dispatchEvent(new CustomEvent("scanner:code", { detail: { code: code } }));
  }

  function found(text) {
    var match = codePattern.exec(text || "");
    if (!match) { say(root.dataset.wrongCode || "Dieser QR-Code gehört nicht hierher."); return false; }
    if (continuous) { announce(match[1]); return true; }
    done = true;
    say(root.dataset.foundCode || "Code erkannt, einen Moment …");
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    window.location.assign(root.dataset.statusPrefix + match[1] + "/");
    return true;
  }

  function readFrame() {
    if (done || video.readyState < 2) { return Promise.resolve(); }
    if (detector) {
      return detector.detect(video).then(function (codes) {
        if (codes.length) { found(codes[0].rawValue); }
      });
    }
    var width = video.videoWidth, height = video.videoHeight;
    canvas.width = width; canvas.height = height;
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, width, height);
    var result = window.jsQR(context.getImageData(0, 0, width, height).data, width, height);
    if (result) { found(result.data); }
    return Promise.resolve();
  }

  function loop() {
    if (done) { return; }
    readFrame().then(function () { window.setTimeout(loop, 150); }, function () { window.setTimeout(loop, 300); });
  }

  function chooseDetector() {
    if (!("BarcodeDetector" in window)) { return Promise.resolve(null); }
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      return formats.indexOf("qr_code") >= 0 ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    }, function () { return null; });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (mediaStream) {
        stream = mediaStream;
        video.srcObject = stream;
        video.hidden = false;
        button.hidden = true;
        return video.play().then(chooseDetector);
      })
      .then(function (chosen) { detector = chosen; loop(); })
      .catch(function () {
        button.disabled = false;
        say(root.dataset.noCamera || "Die Kamera ist nicht verfügbar. Bitte den Code unten eintippen.");
      });
  });
})();
