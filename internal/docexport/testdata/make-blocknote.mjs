// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors
//
// Makes blocknote.yupdate and blocknote.json with BlockNote itself. In a scratch folder:
//   npm install --legacy-peer-deps @blocknote/server-util@0.51.4 @blocknote/core@0.51.4 yjs@13.6.33 react@19 react-dom@19 y-prosemirror y-protocols
//   node make-blocknote.mjs <this testdata folder>
import { BlockNoteSchema, createBlockSpec } from "@blocknote/core";
import { ServerBlockNoteEditor } from "@blocknote/server-util";
import * as Y from "yjs";
import fs from "fs";
// The editor's callout (web/src/docs/callout.tsx): the same config, which is
// all that decides how it is stored (the rendering is the web app's).
const callout = createBlockSpec(
  { type: "callout", propSchema: { kind: { default: "info", values: ["info", "warning", "success", "danger"] } }, content: "inline" },
  { render: () => { const dom = document.createElement("div"); return { dom, contentDOM: dom }; } },
)();
const editor = ServerBlockNoteEditor.create({ schema: BlockNoteSchema.create().extend({ blockSpecs: { callout } }) });
const png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const blocks = [
 {type:"heading", props:{level:1}, content:"Rapport annuel"},
 {type:"paragraph", content:[{type:"text",text:"Texte ",styles:{}},{type:"text",text:"gras",styles:{bold:true}},{type:"text",text:" et ",styles:{}},{type:"text",text:"italique",styles:{italic:true}},{type:"text",text:", ",styles:{}},{type:"text",text:"souligné",styles:{underline:true}},{type:"text",text:", ",styles:{}},{type:"text",text:"barré",styles:{strike:true}},{type:"text",text:", ",styles:{}},{type:"text",text:"code",styles:{code:true}},{type:"text",text:" et un ",styles:{}},{type:"link",href:"https://example.org/page",content:"lien"},{type:"text",text:".",styles:{}}]},
 {type:"heading", props:{level:2}, content:"Listes"},
 {type:"bulletListItem", content:"Premier point", children:[{type:"bulletListItem", content:"Sous-point"}]},
 {type:"bulletListItem", content:"Second point"},
 {type:"numberedListItem", content:"Un"},
 {type:"numberedListItem", content:"Deux"},
 {type:"checkListItem", props:{checked:true}, content:"Fait"},
 {type:"checkListItem", props:{checked:false}, content:"À faire"},
 {type:"heading", props:{level:3}, content:"Code et citation"},
 {type:"codeBlock", props:{language:"go"}, content:"func main() {\n\tprintln(\"hi\")\n}"},
 {type:"quote", content:"Une citation"},
 {type:"callout", props:{kind:"warning"}, content:[{type:"text",text:"Attention : ",styles:{}},{type:"text",text:"date limite",styles:{bold:true}},{type:"text",text:" le 3 mars",styles:{}}]},
 {type:"callout", content:"Une note"},
 {type:"table", content:{type:"tableContent", headerRows:1, rows:[{cells:["Nom","Valeur"]},{cells:["alpha","1"]},{cells:["beta","2"]}]}},
 {type:"image", props:{url:png, caption:"Un pixel", name:"pixel.png"}},
 {type:"paragraph", content:"Ligne un\nLigne deux"},
];
const doc = editor.blocksToYDoc(blocks, "document-store");
fs.writeFileSync(process.argv[2] + "/blocknote.yupdate", Buffer.from(Y.encodeStateAsUpdate(doc)));
const frag = doc.getXmlFragment("document-store");
function conv(n){ if (n instanceof Y.XmlText){ return {text: n.toDelta()}; } const o = {name: n.nodeName, attrs: n.getAttributes ? n.getAttributes() : {}, children: n.toArray().map(conv)}; return o; }
fs.writeFileSync(process.argv[2] + "/blocknote.json", JSON.stringify(conv(frag), null, 1));
console.log(await editor.blocksToMarkdownLossy(blocks));
