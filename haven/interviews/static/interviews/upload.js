// Resumable, chunked upload of a recording: parts in order, each with Content-Range.
// On a dropped connection it asks the server how much arrived and carries on from there.
(function () {
  "use strict";
  var box = document.getElementById("uploader");
  if (!box) return;
  var input = document.getElementById("recording-file");
  var button = document.getElementById("recording-upload");
  var bar = document.getElementById("recording-progress");
  var status = document.getElementById("recording-status");
  var csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
  var storeKey = "haven-upload:" + box.dataset.startUrl;

  function say(text) { status.textContent = text; }
  function headers(extra) {
    var h = { "X-CSRFToken": csrf };
    for (var k in extra) h[k] = extra[k];
    return h;
  }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  async function start(file) {
    var saved = JSON.parse(localStorage.getItem(storeKey) || "null");
    if (saved && saved.size === file.size && saved.name === file.name) {
      var r = await fetch(saved.url, { headers: headers({}), credentials: "same-origin" });
      if (r.ok) {
        var state = await r.json();
        if (state.status === "uploading") return { url: saved.url, state: state };
      }
    }
    var res = await fetch(box.dataset.startUrl, {
      method: "POST", credentials: "same-origin",
      headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify({ size: file.size, name: file.name }),
    });
    var body = await res.json();
    if (!res.ok) throw new Error(body.detail || "The upload could not start.");
    localStorage.setItem(storeKey, JSON.stringify({ url: body.upload_url, size: file.size, name: file.name }));
    return { url: body.upload_url, state: body };
  }

  async function upload(file) {
    var session = await start(file);
    var state = session.state;
    var failures = 0;
    bar.hidden = false;
    while (state.received < file.size) {
      var from = state.received;
      var to = Math.min(from + state.part_size, file.size);
      bar.value = Math.floor((100 * from) / file.size);
      say("Sending " + Math.floor((100 * from) / file.size) + "%");
      try {
        var res = await fetch(session.url, {
          method: "PUT", credentials: "same-origin", body: file.slice(from, to),
          headers: headers({
            "Content-Type": "application/octet-stream",
            "Content-Range": "bytes " + from + "-" + (to - 1) + "/" + file.size,
          }),
        });
        var body = await res.json();
        if (res.ok) { state = body; failures = 0; continue; }
        if (res.status === 409 && body.code === "offset_mismatch") { state.received = body.received; continue; }
        throw new Error(body.detail || "The upload failed.");
      } catch (error) {
        if (error instanceof TypeError && failures < 8) {  // the network, not the server
          failures += 1;
          say("Connection lost; retrying…");
          await sleep(1000 * failures);
          var probe = await fetch(session.url, { headers: headers({}), credentials: "same-origin" }).catch(function () { return null; });
          if (probe && probe.ok) state = await probe.json();
          continue;
        }
        throw error;
      }
    }
    localStorage.removeItem(storeKey);
    bar.value = 100;
    say("Upload complete. Checking and sealing done; reloading…");
    window.location.reload();
  }

  button.addEventListener("click", function () {
    if (!input.files.length) { say("Choose a file first."); return; }
    button.disabled = true;
    upload(input.files[0]).catch(function (error) {
      say(error.message);
      button.disabled = false;
    });
  });
})();
