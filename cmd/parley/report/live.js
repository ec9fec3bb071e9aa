// The interactive report's page script: the controls, the worker that
// runs the engine, and the live results. PARLEY_LIVE, PARLEY_ENGINE,
// PARLEY_WASM_EXEC and PARLEY_WORKER are set by the page before it.
"use strict";
(function () {
  const D = PARLEY_LIVE;
  const $ = (id) => document.getElementById(id);
  const fmt = (x) => x.toFixed(4);
  const ci = (e) => "[" + fmt(e.lo) + ", " + fmt(e.hi) + "]";
  const params = D.params;
  let current = 0;
  let timer = 0;
  let ready = false;
  // The numbers for the starting controls are in the page: shown at once,
  // then confirmed by the engine's own run once it has loaded, whose
  // partial rounds are not shown over them. A change of value ends that.
  let confirming = false;
  if (D.initial) {
    confirming = true;
    render(D.initial, { id: 0, runs: D.runs, total: D.runs, final: true, runMs: 0, initial: true });
    window.parleyFirstNumbers = performance.now();
    status("Computed when this page was written: " + D.runs + " runs, seed " + D.seed + ". The engine is loading in the background, to run again as you change the values.", "initial");
  }

  const worker = new Worker(URL.createObjectURL(new Blob([PARLEY_WASM_EXEC, "\n", PARLEY_WORKER], { type: "text/javascript" })));
  worker.onmessage = (e) => {
    const m = e.data;
    if (m.type === "ready") {
      // Before any number: the engine must give, for the starting
      // controls, the very Result the command that wrote the page gave.
      const v = values();
      worker.postMessage({ type: "check", req: '{"set":' + JSON.stringify(v.set) + ',"seed":' + D.seed + ',"runs":' + D.check.runs + ',"draw":' + D.draw + "}" });
    } else if (m.type === "check") {
      if (fnv1a(m.result) !== D.check.hash) {
        status("This page's engine does not compute what the parley that wrote the page computes (it was built from other sources), so it runs nothing: the numbers shown are those computed when the page was written. Write the page again with a parley whose engine is current.", "stale");
        return;
      }
      ready = true;
      window.parleyEngineReady = performance.now();
      schedule(0);
    } else if (m.type === "error") {
      status("Error: " + m.message, "error");
    } else if (m.type === "result" && m.id === current) {
      if (confirming && !m.final) {
        status("The engine has loaded and is checking these numbers: " + m.runs + " of " + m.total + " runs.", "confirming");
        return;
      }
      render(JSON.parse(m.result), m);
      if (confirming) {
        confirming = false;
        status("The engine is ready, and gives these numbers too (" + m.runs + " runs, seed " + D.seed + "): change a value to run again.", "done");
      }
    }
  };
  worker.postMessage({ type: "init", engine: PARLEY_ENGINE, file: D.file });

  // fnv1a is the 32-bit FNV-1a hash of the text's UTF-8 bytes, as Go's
  // hash/fnv computes it.
  function fnv1a(text) {
    let h = 0x811c9dc5;
    for (const b of new TextEncoder().encode(text)) {
      h = Math.imul(h ^ b, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, "0");
  }

  function status(text, state) {
    $("status").textContent = text;
    document.body.dataset.live = state;
  }

  // values returns the parameters set away from their defaults, and
  // whether every field holds a usable number.
  function values() {
    const set = {};
    let ok = true;
    for (const p of params) {
      const field = $("n-" + p.name);
      const v = Number(field.value);
      const bad = field.value.trim() === "" || !Number.isFinite(v) || (p.ranged && (v < p.min || v > p.max));
      field.setAttribute("aria-invalid", bad ? "true" : "false");
      if (bad) {
        ok = false;
        continue;
      }
      if (v !== p.default) {
        set[p.name] = v;
      }
    }
    return { set, ok };
  }

  function runFlags() {
    const runs = Math.floor(Number($("runs").value));
    const seed = $("seed").value.trim();
    return { runs, seed, draw: $("draw").checked, ok: runs >= 1 && /^[0-9]+$/.test(seed) };
  }

  // command is the parley run line that gives what the page shows.
  function command() {
    const { set } = values();
    const f = runFlags();
    const quote = (s) => (/^[A-Za-z0-9_./:=-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'");
    let line = "parley run " + quote(D.fileName) + " -runs " + f.runs + " -seed " + f.seed;
    if (f.draw) {
      line += " -draw";
    }
    for (const p of params) {
      if (p.name in set) {
        line += " -set " + quote(p.name + "=" + String(set[p.name]));
      }
    }
    return line;
  }

  // changed is schedule for a change the reader made.
  function changed(delay) {
    confirming = false;
    schedule(delay);
  }

  function schedule(delay) {
    $("command").textContent = command();
    clearTimeout(timer);
    timer = setTimeout(() => {
      const v = values();
      const f = runFlags();
      if (!v.ok || !f.ok) {
        status("Give every value within its range, a whole number of runs and a seed.", "invalid");
        return;
      }
      if (!ready) {
        return;
      }
      current++;
      status("Running…", "running");
      // The seed goes as text: it may exceed what a JavaScript number holds exactly.
      const req = '{"set":' + JSON.stringify(v.set) + ',"seed":' + f.seed + ',"runs":' + f.runs + ',"draw":' + f.draw + "}";
      worker.postMessage({ type: "run", id: current, req });
    }, delay);
  }

  function render(res, m) {
    const conf = Math.round(res.confidence * 100);
    let rows = "";
    // A scenario may have no claims, routes or paths: the engine sends null.
    for (const c of res.claims || []) {
      rows += '<tr data-live-claim="' + esc(c.name) + '"><td>' + esc(c.name) + "<br><small>" + esc(c.description) + '</small></td><td class="n p">' + fmt(c.p) + '</td><td class="n ci">' + ci(c) + "</td></tr>";
    }
    $("live-claims").tBodies[0].innerHTML = rows;
    $("live-conf").textContent = conf + "% interval";
    let routes = "";
    for (const r of res.routes || []) {
      routes += '<figure data-live-route="' + esc(r.name) + '"><div class="chart" role="img" aria-label="Route ' + esc(r.name) + ": completed (solid), open (dashed) and closed (dotted) by day; completed by the horizon " + fmt(r.completed.p) + '">' + routeSVG(res, r) + "</div><figcaption>" + esc(r.name) + ": completed by the horizon <span class=\"p\">" + fmt(r.completed.p) + '</span> <span class="ci">' + ci(r.completed) + "</span></figcaption></figure>";
    }
    $("live-routes").innerHTML = routes;
    let paths = "";
    for (const p of (res.paths || []).slice(0, 10)) {
      paths += "<tr><td>" + esc(p.states.join(" > ")) + '</td><td class="n">' + fmt(p.p) + '</td><td class="n">' + ci(p) + "</td></tr>";
    }
    if (res.other_paths) {
      paths += '<tr><td>(other paths)</td><td class="n">' + fmt(res.other_paths.p) + '</td><td class="n">' + ci(res.other_paths) + "</td></tr>";
    }
    $("live-paths").tBodies[0].innerHTML = paths;
    const rate = m.runMs > 0 ? Math.round((m.runs / m.runMs) * 1000) : 0;
    if (!m.initial) {
      status((m.final ? "Done: " : "Refining: ") + m.runs + " of " + m.total + " runs, seed " + res.seed + " (" + rate + " runs/s in this browser)", m.final ? "done" : "running");
    }
    window.parleyLast = { id: m.id, runs: m.runs, total: m.total, final: m.final, ms: m.ms, runMs: m.runMs };
  }

  function routeSVG(res, r) {
    const w = 360, h = 150, pad = 24;
    const x = (d) => pad + ((w - 2 * pad) * d) / res.horizon;
    const y = (p) => h - pad - (h - 2 * pad) * p;
    const line = (es, dash, colour) => {
      let pts = "";
      res.days.forEach((d, i) => {
        pts += x(d).toFixed(1) + "," + y(es[i].p).toFixed(1) + " ";
      });
      return '<polyline fill="none" stroke="' + colour + '" stroke-width="1.5"' + (dash ? ' stroke-dasharray="' + dash + '"' : "") + ' points="' + pts + '"/>';
    };
    return '<svg viewBox="0 0 ' + w + " " + h + '" width="' + w + '" height="' + h + '" aria-hidden="true">' +
      '<line x1="' + pad + '" y1="' + y(0) + '" x2="' + (w - pad) + '" y2="' + y(0) + '" stroke="#999"/>' +
      '<line x1="' + pad + '" y1="' + y(1) + '" x2="' + (w - pad) + '" y2="' + y(1) + '" stroke="#ddd"/>' +
      '<text x="2" y="' + (y(1) + 4) + '" font-size="10">1</text><text x="2" y="' + (y(0) + 4) + '" font-size="10">0</text>' +
      '<text x="' + (w - pad) + '" y="' + (h - 6) + '" font-size="10" text-anchor="end">day ' + res.horizon + "</text>" +
      line(r.completed_by, "", "#1f77b4") + line(r.open_at, "5,3", "#2ca02c") + line(r.closed_at, "1,3", "#d62728") + "</svg>";
  }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  for (const p of params) {
    const slider = $("p-" + p.name);
    const field = $("n-" + p.name);
    if (slider) {
      slider.addEventListener("input", () => {
        field.value = slider.value;
        changed(150);
      });
    }
    field.addEventListener("input", () => {
      if (slider && field.value.trim() !== "" && Number(field.value) >= p.min && Number(field.value) <= p.max) {
        slider.value = field.value;
      }
      changed(300);
    });
  }
  for (const id of ["runs", "seed", "draw"]) {
    $(id).addEventListener("input", () => changed(300));
  }
  $("reset").addEventListener("click", () => {
    for (const p of params) {
      $("n-" + p.name).value = String(p.value);
      const slider = $("p-" + p.name);
      if (slider) {
        slider.value = String(p.value);
      }
    }
    $("runs").value = String(D.runs);
    $("seed").value = D.seed;
    $("draw").checked = D.draw;
    changed(0);
  });
  $("copy").addEventListener("click", () => {
    const text = command();
    const done = () => {
      $("copied").textContent = "Copied.";
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, () => {
        $("copied").textContent = "Select the line above to copy it.";
      });
    } else {
      $("copied").textContent = "Select the line above to copy it.";
    }
  });
  $("command").textContent = command();
})();
