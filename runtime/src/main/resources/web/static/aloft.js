// Aloft UI: small progressive enhancements over server-rendered pages. No framework, no build.
(function () {
  "use strict";

  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.content : "";
  }
  function seg(s) { return encodeURIComponent(s); }
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function getJson(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  }
  var FINISHED = { success: 1, failed: 1 };

  // Pause switches: PATCH /api/v1/dags/{dag_id} like Airflow's UI.
  function pauseToggles() {
    document.querySelectorAll(".pause-toggle").forEach(function (box) {
      box.addEventListener("change", function () {
        var paused = !box.checked;
        fetch("/api/v1/dags/" + seg(box.dataset.dag), {
          method: "PATCH",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
          body: JSON.stringify({ is_paused: paused })
        }).then(function (r) {
          if (!r.ok) { throw new Error("HTTP " + r.status); }
          box.closest("label").title = paused ? "Paused: click to unpause" : "Active: click to pause";
        }).catch(function () { box.checked = !box.checked; });
      });
    });
  }

  // Grid: runs x tasks, oldest run left; polls while a run is queued or running.
  function grid() {
    var el = document.getElementById("grid");
    if (!el) { return; }
    var dag = el.dataset.dag;
    var selected = new URLSearchParams(location.search).get("run_id");
    var select = document.getElementById("num-runs");
    if (select) {
      select.addEventListener("change", function () {
        var p = new URLSearchParams(location.search);
        p.set("num_runs", select.value);
        p.delete("offset");
        location.search = p.toString();
      });
    }
    var current = null;
    var base = "/dags/" + seg(dag) + "/runs/";
    function stateAt(ri, ti) {
      var ch = current.states[ri].charAt(ti);
      return ch === "." || ch === "" ? "" : current.codes[ch.charCodeAt(0) - 97];
    }
    // A click on a cell opens its task-instance menu: see gridCellMenu.
    el.addEventListener("mouseover", function (ev) {
      var td = ev.target.closest ? ev.target.closest("td.c") : null;
      if (!td || !current || td.title) { return; }
      var ri = td.cellIndex - 1, ti = td.parentElement.rowIndex - 1;
      td.title = td.parentElement.dataset.task + "\n" + current.runs[ri].run_id + "\n" + (stateAt(ri, ti) || "no status");
    });
    function render(data) {
      var t0 = performance.now();
      current = data;
      var runs = data.runs, tasks = data.tasks;
      if (runs.length === 0) {
        el.innerHTML = '<div class="muted" id="grid-empty">No runs yet. Use \u25B6 to trigger one.</div>';
        return;
      }
      var maxDur = 0;
      runs.forEach(function (r) { if (r.duration > maxDur) { maxDur = r.duration; } });
      var h = ['<table class="grid" id="grid-table"><tr class="bars"><th>Runs</th>'];
      runs.forEach(function (r) {
        var px = r.duration == null ? 6 : Math.max(4, Math.round(60 * r.duration / (maxDur || 1)));
        h.push('<td', r.run_id === selected ? ' class="sel"' : '', '><a class="run-bar st-', r.state, '" style="height:', px,
          'px" data-run="', esc(r.run_id), '" title="', esc(r.run_id + "\n" + r.logical_date + "\n" + r.state),
          '" href="', base, seg(r.run_id), '"></a></td>');
      });
      h.push("</tr>");
      var selIndex = -1;
      runs.forEach(function (r, i) { if (r.run_id === selected) { selIndex = i; } });
      tasks.forEach(function (t, ti) {
        h.push('<tr data-task="', esc(t), '"><th class="task">', esc(t), "</th>");
        for (var ri = 0; ri < runs.length; ri++) {
          var s = stateAt(ri, ti);
          h.push(s ? '<td class="c st-' + s + (ri === selIndex ? ' sel">' : '">') : (ri === selIndex ? '<td class="c sel">' : '<td class="c">'), "</td>");
        }
        h.push("</tr>");
      });
      h.push("</table>");
      var scroller = el.parentElement;
      var atRight = !el.dataset.rendered || scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 30;
      el.innerHTML = h.join("");
      if (atRight) { scroller.scrollLeft = scroller.scrollWidth; } // newest runs are on the right
      el.dataset.rendered = "true";
      el.dataset.readyMs = String(Math.round(performance.now()));
      el.dataset.renderMs = String(Math.round(performance.now() - t0));
    }
    function load() {
      var t0 = performance.now();
      getJson("/ui/dags/" + seg(dag) + "/grid?num_runs=" + (el.dataset.numRuns || 25) + "&offset=" + (el.dataset.offset || 0)).then(function (data) {
        render(data);
        el.dataset.loadMs = String(Math.round(performance.now() - t0));
        el.dataset.active = String(data.active);
        if (data.active) { setTimeout(load, 2500); }
      }).catch(function (e) { el.dataset.error = e.message; setTimeout(load, 5000); });
    }
    load();
  }

  // Grid cell menu: a click on a cell opens the task instance's menu (its page, log, and for users who may change
  // things clear/mark/note), an HTML fragment from the server. One listener for every cell: a cell is a bare <td>;
  // its task is its row's, its run the run bar's at the top of its column (so this reads the table, not the data).
  function gridCellMenu() {
    var el = document.getElementById("grid");
    if (!el) { return; }
    var popup = null;
    function close() { if (popup) { popup.remove(); popup = null; } }
    el.addEventListener("click", function (ev) {
      var td = ev.target.closest ? ev.target.closest("td.c") : null;
      if (!td) { return; }
      var table = td.closest("table");
      var bar = table.rows[0].cells[td.cellIndex] && table.rows[0].cells[td.cellIndex].querySelector("a.run-bar");
      if (!bar) { return; }
      ev.stopPropagation();
      close();
      var run = bar.dataset.run, task = td.parentElement.dataset.task;
      popup = document.createElement("div");
      popup.className = "menu-items grid-popup";
      popup.id = "ti-popup";
      popup.dataset.run = run;
      popup.dataset.task = task;
      popup.textContent = "Loading\u2026";
      var r = td.getBoundingClientRect();
      popup.style.left = Math.round(r.right + window.scrollX + 6) + "px";
      popup.style.top = Math.round(r.top + window.scrollY) + "px";
      document.body.appendChild(popup);
      var shown = popup;
      fetch("/dags/" + seg(el.dataset.dag) + "/runs/" + seg(run) + "/tasks/" + seg(task) + "/actions",
        { credentials: "same-origin" }).then(function (resp) {
        if (resp.status === 404) { return null; }
        if (!resp.ok) { throw new Error("HTTP " + resp.status); }
        return resp.text();
      }).then(function (html) {
        if (shown !== popup) { return; }
        if (html === null) {
          popup.textContent = task + " has no task instance in run " + run + ".";
        } else {
          popup.innerHTML = html; // server-rendered by jte, every value escaped
        }
        popup.dataset.loaded = "true";
      }).catch(function (e) { if (shown === popup) { popup.textContent = e.message; } });
    });
    document.addEventListener("click", function (ev) { if (popup && !popup.contains(ev.target)) { close(); } });
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { close(); } });
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  function svgEl(name, attrs, parent) {
    var e = document.createElementNS(SVG_NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function clip(s, n) { s = s == null ? "" : String(s); return s.length <= n ? s : s.substring(0, n - 1) + "\u2026"; }
  function stateColor(s) {
    return getComputedStyle(document.documentElement).getPropertyValue("--st-" + s).trim() || "#c8c8c8";
  }

  // Graph: dagre lays out the tasks and edges of data-graph; drawn as SVG with text nodes (never HTML strings).
  // Without an orientation in the URL it is left to right, unless that is wider than a screen.
  function drawGraph() {
    var el = document.getElementById("graph");
    if (!el || !el.dataset.graph || typeof dagre === "undefined") { return; }
    var t0 = performance.now();
    var data = JSON.parse(el.dataset.graph);
    if (data.tasks.length === 0) { el.textContent = "This DAG has no tasks."; return; }
    var W = 224, H = 44, MAX_LR_WIDTH = 1340;
    function layout(dir) {
      var g = new dagre.graphlib.Graph();
      g.setGraph({ rankdir: dir, nodesep: dir === "LR" ? 18 : 30, ranksep: dir === "LR" ? 70 : 46, marginx: 20, marginy: 20 });
      g.setDefaultEdgeLabel(function () { return {}; });
      data.tasks.forEach(function (t) { g.setNode(t.id, { width: W, height: H }); });
      data.edges.forEach(function (e) { g.setEdge(e[0], e[1]); });
      dagre.layout(g);
      return g;
    }
    var dir = el.dataset.orientation || "LR";
    var g = layout(dir);
    if (!el.dataset.orientation && g.graph().width > MAX_LR_WIDTH) { dir = "TB"; g = layout(dir); }
    var pill = document.getElementById("orient-" + dir);
    if (pill) { pill.classList.add("active"); }
    var width = Math.ceil(g.graph().width), height = Math.ceil(g.graph().height);
    var svg = svgEl("svg", { "class": "graph", id: "graph-svg", width: width, height: height, viewBox: "0 0 " + width + " " + height });
    var marker = svgEl("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto" },
      svgEl("defs", {}, svg));
    svgEl("path", { d: "M0,0 L10,5 L0,10 z", fill: "#8a94a6" }, marker);
    g.edges().forEach(function (e) {
      var p = g.edge(e).points, d = "M" + p[0].x + "," + p[0].y;
      // rounded through dagre's bend points: a quadratic curve to the middle of each next segment
      for (var i = 1; i < p.length - 1; i++) {
        d += " Q" + p[i].x + "," + p[i].y + " " + (p[i].x + p[i + 1].x) / 2 + "," + (p[i].y + p[i + 1].y) / 2;
      }
      d += " L" + p[p.length - 1].x + "," + p[p.length - 1].y;
      svgEl("path", { "class": "edge", d: d, "marker-end": "url(#arrow)" }, svg);
    });
    data.tasks.forEach(function (t) {
      var n = g.node(t.id);
      var a = svgEl("a", { href: t.href }, svg);
      var grp = svgEl("g", { "class": "node", "data-task": t.id, transform: "translate(" + (n.x - W / 2) + "," + (n.y - H / 2) + ")" }, a);
      svgEl("title", {}, grp).textContent = t.id + " (" + t.state + ")";
      svgEl("rect", { "class": "node-box", width: W, height: H, rx: 6 }, grp);
      svgEl("rect", { "class": "node-state st-" + t.state, width: 8, height: H, rx: 3 }, grp);
      svgEl("text", { x: 16, y: 19, "class": "node-id" }, grp).textContent = clip(t.id, 27);
      svgEl("text", { x: 16, y: 35, "class": "node-op" }, grp).textContent = clip(t.operator, 32);
    });
    el.textContent = "";
    el.appendChild(svg);
    el.dataset.layoutMs = String(Math.round(performance.now() - t0));
  }

  // Gantt: one floating bar per started task, seconds from the first start, drawn by Chart.js.
  function gantt() {
    var c = document.getElementById("gantt");
    if (!c || typeof Chart === "undefined") { return; }
    var d = JSON.parse(c.dataset.gantt);
    c.parentElement.style.height = (d.labels.length * 24 + 60) + "px";
    new Chart(c, {
      type: "bar",
      data: { labels: d.labels, datasets: [{ data: d.bars, backgroundColor: d.states.map(stateColor), borderRadius: 3,
        borderSkipped: false, barPercentage: 0.8, categoryPercentage: 0.9 }] },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (ctx) {
          var v = ctx.raw;
          return d.states[ctx.dataIndex] + (v ? ", " + (v[1] - v[0]).toFixed(1) + " s" : "");
        } } } },
        scales: { x: { min: 0, title: { display: true, text: "seconds since " + d.start } } }
      }
    });
  }

  // A plugin page's line charts (PageView.LineChart), drawn by Chart.js.
  var SERIES_COLORS = ["#017cee", "#e8590c", "#2f9e44", "#9c36b5", "#c2255c", "#1098ad", "#5c940d"];
  function lineCharts() {
    if (typeof Chart === "undefined") { return; }
    document.querySelectorAll("canvas.line-chart").forEach(function (c) {
      var d = JSON.parse(c.dataset.chart);
      new Chart(c, {
        type: "line",
        data: { labels: d.labels, datasets: d.series.map(function (s, i) {
          var color = SERIES_COLORS[i % SERIES_COLORS.length];
          return { label: s.name, data: s.values, borderColor: color, backgroundColor: color, tension: 0, spanGaps: false };
        }) },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          scales: { y: { min: d.yMin, max: d.yMax } } }
      });
      c.dataset.rendered = "true";
    });
  }

  // Graph: recolours nodes while the shown run is going.
  function graph() {
    var el = document.getElementById("graph");
    if (!el || !el.dataset.run || FINISHED[el.dataset.runState]) { return; }
    function poll() {
      getJson("/ui/dags/" + seg(el.dataset.dag) + "/runs/" + seg(el.dataset.run) + "/states").then(function (data) {
        Object.keys(data.tasks).forEach(function (t) {
          var node = el.querySelector('.node[data-task="' + CSS.escape(t) + '"] .node-state');
          if (node) { node.setAttribute("class", "node-state st-" + data.tasks[t].state); }
        });
        if (!FINISHED[data.state]) { setTimeout(poll, 2500); }
      }).catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 2500);
  }

  // Run page: live task states; reload once when the run finishes (durations and Gantt).
  function runStates() {
    var el = document.getElementById("run");
    if (!el || FINISHED[el.dataset.runState]) { return; }
    function poll() {
      getJson("/ui/dags/" + seg(el.dataset.dag) + "/runs/" + seg(el.dataset.run) + "/states").then(function (data) {
        Object.keys(data.tasks).forEach(function (t) {
          var row = document.querySelector('#task-table tr[data-ti="' + CSS.escape(t) + '"]');
          if (!row) { return; }
          var s = data.tasks[t];
          row.querySelector(".ti-state").innerHTML =
            '<span class="badge st-' + esc(s.state) + '">' + esc(s.state === "none" ? "no status" : s.state) + "</span>";
          row.querySelector(".ti-try").textContent = s.try_number + "/" + (s.max_tries + 1);
        });
        document.getElementById("run-state").innerHTML = '<span class="badge st-' + esc(data.state) + '">' + esc(data.state) + "</span>";
        if (FINISHED[data.state]) { setTimeout(function () { location.reload(); }, 1500); } else { setTimeout(poll, 2500); }
      }).catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 2500);
  }

  // Log: fetch the try's log and keep tailing it (continuation token) until the try has ended.
  function logTail() {
    var pre = document.getElementById("log-content");
    if (!pre) { return; }
    var status = document.getElementById("log-status");
    var token = null;
    function endOfLog(tok) {
      try {
        var b = tok.replace(/-/g, "+").replace(/_/g, "/");
        while (b.length % 4) { b += "="; }
        return JSON.parse(atob(b)).end_of_log === true;
      } catch (e) { return true; }
    }
    function poll() {
      var url = pre.dataset.url + (token ? (pre.dataset.url.indexOf("?") < 0 ? "?" : "&") + "token=" + seg(token) : "");
      getJson(url).then(function (data) {
        var atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 20;
        if (data.content) { pre.appendChild(document.createTextNode(data.content)); }
        if (atBottom) { pre.scrollTop = pre.scrollHeight; }
        token = data.continuation_token;
        if (endOfLog(token)) {
          status.textContent = "End of log.";
          pre.dataset.complete = "true";
        } else {
          status.textContent = "Tailing\u2026";
          setTimeout(poll, 1500);
        }
      }).catch(function (e) { status.textContent = e.message; setTimeout(poll, 5000); });
    }
    poll();
  }

  // Trigger form: JSON syntax is checked before submitting; the error shows next to the field.
  function triggerForm() {
    var form = document.getElementById("trigger-form");
    if (!form) { return; }
    var area = document.getElementById("conf");
    var err = document.getElementById("conf-error");
    function check() {
      var text = area.value.trim();
      if (text === "") { return null; }
      try {
        var v = JSON.parse(text);
        if (v === null || typeof v !== "object" || Array.isArray(v)) {
          return 'The configuration must be a JSON object, like {"key": "value"}.';
        }
        return null;
      } catch (e) {
        return "Invalid JSON: " + e.message;
      }
    }
    function show(msg) {
      err.textContent = msg || "";
      err.hidden = !msg;
      area.classList.toggle("invalid", !!msg);
    }
    form.addEventListener("submit", function (ev) {
      var msg = check();
      if (msg) { ev.preventDefault(); show(msg); area.focus(); }
      var date = document.getElementById("logical_date");
      if (date && date.value && date.value.length === 16) { date.value = date.value + ":00"; }
    });
    area.addEventListener("input", function () { if (!err.hidden) { show(check()); } });
  }

  // Inline handlers are not allowed by the Content-Security-Policy: these replace them.
  function formHelpers() {
    document.querySelectorAll("select.autosubmit").forEach(function (s) {
      s.addEventListener("change", function () { s.form.submit(); });
    });
    document.querySelectorAll("form.confirm").forEach(function (f) {
      f.addEventListener("submit", function (ev) { if (!confirm(f.dataset.confirm)) { ev.preventDefault(); } });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    formHelpers();
    pauseToggles();
    grid();
    gridCellMenu();
    drawGraph();
    graph();
    gantt();
    lineCharts();
    runStates();
    logTail();
    triggerForm();
  });
})();
