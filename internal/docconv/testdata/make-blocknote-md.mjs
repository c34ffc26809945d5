// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors
//
// Makes blocknote-export.md with BlockNote itself (blocksToMarkdownLossy); set up as in
// internal/docexport/testdata/make-blocknote.mjs, then: node make-blocknote-md.mjs <this folder>
import { ServerBlockNoteEditor } from "@blocknote/server-util";
import fs from "fs";
const editor = ServerBlockNoteEditor.create();
const png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const blocks = [
 {type:"heading", props:{level:1}, content:"Rapport annuel"},
 {type:"paragraph", content:[{type:"text",text:"Texte ",styles:{}},{type:"text",text:"gras",styles:{bold:true}},{type:"text",text:" et ",styles:{}},{type:"link",href:"https://example.org/page",content:"lien"}]},
 {type:"bulletListItem", content:"Premier point", children:[{type:"bulletListItem", content:"Sous-point"}]},
 {type:"numberedListItem", content:"Un"},
 {type:"checkListItem", props:{checked:true}, content:"Fait"},
 {type:"codeBlock", props:{language:"go"}, content:"x := 1"},
 {type:"quote", content:"Une citation"},
 {type:"table", content:{type:"tableContent", headerRows:1, rows:[{cells:["Nom","Valeur"]},{cells:["alpha","1"]}]}},
 {type:"image", props:{url:png, caption:"Un pixel", name:"pixel.png"}},
];
fs.writeFileSync(process.argv[2] + "/blocknote-export.md", await editor.blocksToMarkdownLossy(blocks));
