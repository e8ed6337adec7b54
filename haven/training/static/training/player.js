// Reports the time ranges actually played to the server, which decides when the video
// has been played through. A seek starts a new range; nothing is trusted from a flag.
(function () {
  "use strict";
  var video = document.getElementById("training-video");
  if (!video) return;
  var url = video.dataset.progressUrl, csrf = video.dataset.csrf;
  var status = document.getElementById("video-status");
  var start = null, last = null, pending = [];

  function close() {
    if (start !== null && last !== null && last > start) pending.push([start, last]);
    start = null;
  }
  function send(force) {
    close();
    if (!pending.length && force !== true) return;
    var body = JSON.stringify({ segments: pending });
    pending = [];
    fetch(url, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
    }).then(function (r) { return r.json(); }).then(function (data) {
      if (data.watched) status.textContent = status.dataset.done || "Watched: this module is done.";
    }).catch(function () {});
    if (!video.paused && !video.ended) { start = video.currentTime; last = start; }
  }
  var started = false;
  video.addEventListener("play", function () {
    // The first report starts the server's clock: played time cannot outrun it.
    if (!started) { started = true; send(true); }
    start = video.currentTime; last = start;
  });
  video.addEventListener("timeupdate", function () {
    if (video.seeking || start === null) return;
    var t = video.currentTime;
    if (t < last || t - last > 1.5) { close(); start = t; }
    last = t;
  });
  video.addEventListener("seeking", close);
  video.addEventListener("pause", send);
  video.addEventListener("ended", function () { last = video.duration; send(); });
  setInterval(function () { if (!video.paused) send(); }, 10000);
})();
