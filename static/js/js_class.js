/* Marks the page as scripted (html.no-js -> html.js) before it is painted.
   Loaded synchronously in <head>: the Content-Security-Policy allows no inline script. */
document.documentElement.classList.replace("no-js", "js");
