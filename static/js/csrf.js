// Forms on pages that anonymous visitors share from a cache carry an empty CSRF
// field (portal/pagecache.py): the page must not hold anyone's token. Fill it
// with the CSRF cookie's secret; a visitor without the cookie gets a new random
// secret as cookie and field at once (Django checks that both are equal, and
// another site can neither read nor set this site's cookie).
(function () {
  "use strict";

  var fields = document.querySelectorAll("input[data-csrf-cookie]");
  if (!fields.length) return;
  var name = fields[0].dataset.csrfCookie;
  var CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  var LENGTH = 32; // Django's CSRF secret: 32 letters and digits
  var ONE_YEAR = 60 * 60 * 24 * 364;

  function cookie() {
    var pairs = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < pairs.length; i += 1) {
      var at = pairs[i].indexOf("=");
      if (pairs[i].slice(0, at) === name) return pairs[i].slice(at + 1);
    }
    return "";
  }

  function newSecret() {
    var bytes = new Uint8Array(LENGTH);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (byte) {
      return CHARS[byte % CHARS.length];
    }).join("");
  }

  var secret = cookie();
  if (!/^[A-Za-z0-9]{32}$/.test(secret)) {
    secret = newSecret();
    document.cookie = name + "=" + secret + "; path=/; max-age=" + ONE_YEAR + "; SameSite=Lax" +
    (window.location.protocol === "https:" ? "; Secure" : "");
  }
  fields.forEach(function (field) {
    field.value = secret;
  });
})();
