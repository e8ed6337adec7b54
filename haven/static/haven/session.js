// Session countdown: warn before the idle timeout and offer "Stay signed in".
// The server is the authority (haven.accounts.middleware); this only shows it.
(function () {
  "use strict";
  var body = document.body;
  var statusUrl = body.dataset.sessionStatus;
  if (!statusUrl) { return; }
  var warnAt = parseInt(body.dataset.sessionWarning, 10) || 120;
  var loginUrl = body.dataset.loginUrl;
  var box = document.getElementById("session-warning");
  var countdown = document.getElementById("session-countdown");
  var stay = document.getElementById("session-stay");
  var deadline = Date.now() + (parseInt(body.dataset.sessionIdle, 10) || 900) * 1000;
  var csrf = JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];

  function format(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  function refresh() {
    return fetch(statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { seconds_left: 0 }; })
      .then(function (data) { deadline = Date.now() + data.seconds_left * 1000; });
  }
  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    if (left <= 0) {
      refresh().then(function () {
        if (deadline <= Date.now()) { window.location.assign(loginUrl); }
      });
      return;
    }
    if (left <= warnAt) {
      countdown.textContent = format(left);
      if (box.hidden) { box.hidden = false; stay.focus(); }
    } else if (!box.hidden) {
      box.hidden = true;
    }
  }
  stay.addEventListener("click", function () {
    fetch(body.dataset.sessionKeepalive, {
      method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
    }).then(function (r) { return r.ok ? r.json() : { seconds_left: 0 }; })
      .then(function (data) { deadline = Date.now() + data.seconds_left * 1000; box.hidden = true; });
  });
  // Another tab may have kept the session alive: check with the server before warning.
  setInterval(function () {
    var left = (deadline - Date.now()) / 1000;
    if (left <= warnAt + 5) { refresh().then(tick); } else { tick(); }
  }, 1000);
  document.body.addEventListener("htmx:afterRequest", function () {
    deadline = Date.now() + (parseInt(body.dataset.sessionIdle, 10) || 900) * 1000;
  });
})();
