// The interactive report's Web Worker: it starts parley's engine (Go
// compiled to WebAssembly, wasm_exec.js before this script) and runs the
// scenario for the page, in rounds of growing size so that estimates
// refine while the page stays responsive. A newer request ends an older
// one between rounds.
"use strict";
let latest = 0;
self.onmessage = async (e) => {
  const m = e.data;
  if (m.type === "init") {
    try {
      const bin = Uint8Array.from(atob(m.engine), (c) => c.charCodeAt(0));
      const stream = new Blob([bin]).stream().pipeThrough(new DecompressionStream("gzip"));
      const wasm = await new Response(stream).arrayBuffer();
      const go = new Go();
      const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
      go.run(instance);
      const r = parleyEngine.load(m.file);
      if (r.error) {
        throw new Error(r.error);
      }
      self.postMessage({ type: "ready" });
    } catch (err) {
      self.postMessage({ type: "error", id: 0, message: String(err) });
    }
    return;
  }
  if (m.type === "check") {
    // One run of the page's starting controls, whole, for the page to
    // compare with what the command computed.
    const r = parleyEngine.run(m.req);
    self.postMessage(r.error ? { type: "error", id: 0, message: r.error } : { type: "check", result: r.result });
    return;
  }
  if (m.type === "run") {
    latest = m.id;
    const req = JSON.parse(m.req);
    const total = req.runs;
    const rounds = [];
    for (let t = 2048; t < total; t *= 8) {
      rounds.push(t);
    }
    rounds.push(total);
    for (const runs of rounds) {
      await new Promise((resolve) => setTimeout(resolve, 0)); // let a newer request in
      if (latest !== m.id) {
        return;
      }
      const t0 = performance.now();
      const r = parleyEngine.run(JSON.stringify(Object.assign({}, req, { runs })));
      const ms = performance.now() - t0;
      if (r.error) {
        self.postMessage({ type: "error", id: m.id, message: r.error });
        return;
      }
      self.postMessage({ type: "result", id: m.id, runs, total, final: runs === total, ms, runMs: r.runMs, result: r.result });
    }
  }
};
