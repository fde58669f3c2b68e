/* Camera QR scanner of the merchant redemption page.
   Uses the browser's BarcodeDetector where it reads QR codes, otherwise the
   vendored jsQR on canvas frames. A voucher link (…/g/<code>/) opens the
   confirmation page on this portal; nothing is redeemed by scanning. */
(function () {
  "use strict";
  var root = document.querySelector("[data-scanner]");
  if (!root || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
  var video = root.querySelector("video");
  var canvas = root.querySelector("canvas");
  var status = root.querySelector(".scanner__status");
  var button = root.querySelector("[data-scanner-start]");
  var codePattern = /\/g\/([A-Za-z0-9_-]{22})\/?/;
  var detector = null;
  var stream = null;
  var done = false;

  function say(text) { status.textContent = text; }

  function found(text) {
    var match = codePattern.exec(text || "");
    if (!match) { say(root.dataset.wrongCode || "Dieser QR-Code ist kein Stadtgutschein."); return false; }
    done = true;
    say(root.dataset.foundCode || "Gutschein erkannt, einen Moment …");
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
