// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Shared by the trace scripts: loading a sequential editing trace
// (josephg/editing-traces format) and typing one of its transactions.

/** Parses a gzipped trace; positions must be UTF-16 indexes (BMP only). */
export function loadTrace(gz, gunzip) {
  const trace = JSON.parse(gunzip(gz).toString("utf8"));
  // Positions in the trace count code points, Y.Text counts UTF-16 units:
  // they agree only without astral characters.
  if (/[\uD800-\uDFFF]/.test(trace.endContent) || trace.txns.some((t) => t.patches.some((p) => /[\uD800-\uDFFF]/.test(p[2])))) {
    throw new Error("trace has characters outside the BMP: positions would need converting");
  }
  if (trace.startContent) throw new Error("trace with startContent not supported");
  return trace;
}

/** Applies a transaction's patches [pos, delCount, insText] to a Y.Text. */
export function typeTxn(text, txn) {
  for (const [pos, del, ins] of txn.patches) {
    if (del > 0) text.delete(pos, del);
    if (ins) text.insert(pos, ins);
  }
}
