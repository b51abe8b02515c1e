// parscore serve: the pages' one script. Every page works without it; it adds drag and drop
// and a progress bar to the submission page (each file sent to POST /api/workbooks in turn)
// and the live score of the online form (POST /api/form/score). It builds every element with
// textContent, never with HTML strings, so no text from a workbook can become markup.
"use strict";
(function () {
  var lang = document.documentElement.lang === "en" ? "en" : "vi";
  var num = function (s) { return lang === "vi" ? String(s).replace(".", ",") : String(s); };
  var pct = function (s) { return num(s) + "%"; };
  var t = function (text) { return text ? (text[lang] || text.vi || "") : ""; };
  var el = function (tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  };

  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  // The submission page.
  var form = document.getElementById("submit-form");
  if (form) {
    var input = document.getElementById("files");
    var drop = document.getElementById("drop");
    var box = document.getElementById("progress-box");
    var bar = document.getElementById("progress");
    var barText = document.getElementById("progress-text");
    var live = document.getElementById("live-results");
    var list = document.getElementById("live-list");
    var words = JSON.parse(live.getAttribute("data-words"));
    ["dragenter", "dragover"].forEach(function (ev) {
      drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      drop.addEventListener(ev, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        form.requestSubmit();
      }
    });

    var problemsTable = function (problems) {
      var table = el("table", "problems");
      var head = el("tr");
      [words.sheet, words.cell, words.code, words.problem].forEach(function (h) {
        var th = el("th", null, h); th.scope = "col"; head.appendChild(th);
      });
      var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
      var body = el("tbody");
      problems.forEach(function (p) {
        var tr = el("tr");
        [p.sheet, p.cell || "", p.code || "", t(p.message)].forEach(function (v) { tr.appendChild(el("td", null, v)); });
        body.appendChild(tr);
      });
      table.appendChild(body);
      return table;
    };

    var show = function (name, status, body, unitPage) {
      var row = el("div", "live-row " + (status < 300 ? "ok" : "failed"));
      row.appendChild(el("h3", null, name));
      if (status < 300) {
        var p = el("p");
        p.appendChild(document.createTextNode((status === 201 ? words.ok : words.again) + ": "));
        p.appendChild(el("strong", null, body.unit || ""));
        p.appendChild(document.createTextNode(" — " + num(body.total) + " / " + num(body.max) + ", "));
        p.appendChild(el("strong", "percent", pct(body.percent)));
        p.appendChild(document.createTextNode(", " + t(body.grade) + ". "));
        if (unitPage) { var a = el("a", null, words.open); a.href = unitPage; p.appendChild(a); }
        row.appendChild(p);
      } else {
        row.appendChild(el("p", "message error", words.failed + ": " + t(body && body.error)));
        if (body && body.problems && body.problems.length) row.appendChild(problemsTable(body.problems));
      }
      list.appendChild(row);
    };

    var send = function (file, set, onProgress) {
      return new Promise(function (resolve) {
        var data = new FormData();
        data.append("file", file, file.name);
        if (set) data.append("set", set);
        var xhr = new XMLHttpRequest();
        xhr.open("POST", "/api/workbooks");
        xhr.upload.onprogress = function (e) { if (e.lengthComputable) onProgress(e.loaded / e.total); };
        xhr.onload = function () {
          var body = null;
          try { body = JSON.parse(xhr.responseText); } catch (err) { body = { error: { vi: xhr.statusText, en: xhr.statusText } }; }
          resolve({ status: xhr.status, body: body, page: xhr.getResponseHeader("X-Parscore-Unit-Page") });
        };
        xhr.onerror = function () { resolve({ status: 0, body: { error: { vi: "mất kết nối tới máy chủ", en: "the connection to the server was lost" } } }); };
        xhr.send(data);
      });
    };

    form.addEventListener("submit", function (e) {
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.length) return;
      e.preventDefault();
      var set = document.getElementById("set").value;
      list.textContent = "";
      live.hidden = false;
      box.hidden = false;
      var done = 0;
      var update = function (part) {
        bar.max = files.length;
        bar.value = done + part;
        barText.textContent = done + "/" + files.length + " " + words.done;
      };
      update(0);
      var next = function (i) {
        if (i >= files.length) { update(0); input.value = ""; live.scrollIntoView({ block: "start" }); return; }
        send(files[i], set, update).then(function (r) {
          done += 1;
          show(files[i].name, r.status, r.body, r.page);
          update(0);
          next(i + 1);
        });
      };
      next(0);
    });
  }

  // The online form: the score so far, as you type.
  var online = document.getElementById("online-form");
  if (online) {
    var timer = null;
    var seq = 0;
    var refresh = function () {
      var mine = ++seq;
      var data = new URLSearchParams(new FormData(online));
      fetch(online.getAttribute("data-live"), { method: "POST", body: data })
        .then(function (r) { return r.json(); })
        .then(function (rep) {
          if (mine !== seq || !rep || !rep.nodes) return;
          document.getElementById("live-percent").textContent = pct(rep.percent);
          document.getElementById("live-total").textContent = num(rep.total);
          document.getElementById("live-grade").textContent = t(rep.grade);
          rep.nodes.forEach(function (n) {
            var out = online.querySelector('[data-score-for="' + CSS.escape(n.code) + '"]');
            if (out) out.textContent = num(n.score);
          });
          var byCode = {};
          rep.problems.forEach(function (p) { if (p.code) (byCode[p.code] = byCode[p.code] || []).push(t(p.message)); });
          online.querySelectorAll("[data-problems-for]").forEach(function (ul) {
            var code = ul.getAttribute("data-problems-for");
            ul.textContent = "";
            (byCode[code] || []).forEach(function (m) { ul.appendChild(el("li", null, m)); });
            ul.parentNode.classList.toggle("has-problem", !!byCode[code]);
          });
          var count = document.getElementById("live-problems");
          count.textContent = rep.problems.length
            ? rep.problems.length + " " + count.getAttribute("data-count-" + lang)
            : "";
        })
        .catch(function () {});
    };
    var later = function () { clearTimeout(timer); timer = setTimeout(refresh, 350); };
    online.addEventListener("input", later);
    online.addEventListener("change", later);
  }
})();
