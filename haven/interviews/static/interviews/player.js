// Keep the watermark's clock current: the viewer's name and the time stay over the video.
(function () {
  "use strict";
  var time = document.querySelector(".haven-watermark__time");
  if (!time) return;
  function pad(n) { return String(n).padStart(2, "0"); }
  function tick() {
    var d = new Date();
    time.textContent = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
      " " + pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }
  tick();
  setInterval(tick, 1000);
})();
