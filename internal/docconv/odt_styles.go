// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"fmt"
	"strings"
)

// odtStyles returns styles.xml: the paragraph styles (with LibreOffice's names,
// so that a document opened there shows "Heading 1", "Quotations"…) and
// the list styles.
func odtStyles() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<office:document-styles " + odfNS + ">" +
		`<office:font-face-decls><style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/>` +
		`<style:font-face style:name="DejaVu Sans Mono" svg:font-family="'DejaVu Sans Mono'" style:font-pitch="fixed"/></office:font-face-decls>` +
		"<office:styles>" +
		`<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.2cm"/>` +
		`<style:text-properties style:font-name="DejaVu Sans" fo:font-size="11pt" fo:language="fr" fo:country="FR"/></style:default-style>` +
		`<style:style style:name="Standard" style:family="paragraph" style:class="text"/>` +
		`<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" style:class="text">` +
		`<style:paragraph-properties fo:margin-top="0.42cm" fo:margin-bottom="0.21cm" fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold"/></style:style>`)
	sizes := []string{"20pt", "16pt", "14pt", "12pt", "11pt", "11pt"}
	for i, size := range sizes {
		fmt.Fprintf(&b, `<style:style style:name="Heading_20_%d" style:display-name="Heading %d" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="%d" style:class="text"><style:text-properties fo:font-size="%s" fo:font-weight="bold"/></style:style>`,
			i+1, i+1, i+1, size)
	}
	b.WriteString(`<style:style style:name="Quotations" style:family="paragraph" style:parent-style-name="Standard" style:class="html">` +
		`<style:paragraph-properties fo:margin-left="1cm" fo:padding-left="0.2cm" fo:border-left="1.5pt solid #aaaaaa"/><style:text-properties fo:font-style="italic"/></style:style>` +
		`<style:style style:name="Preformatted_20_Text" style:display-name="Preformatted Text" style:family="paragraph" style:parent-style-name="Standard" style:class="html">` +
		`<style:paragraph-properties fo:background-color="#f4f4f4" fo:padding="0.1cm"/><style:text-properties style:font-name="DejaVu Sans Mono" fo:font-size="10pt"/></style:style>` +
		`<style:style style:name="List_20_Paragraph" style:display-name="List Paragraph" style:family="paragraph" style:parent-style-name="Standard" style:class="list"/>` +
		`<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"/>` +
		`<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra"><style:text-properties fo:font-weight="bold"/></style:style>` +
		`<style:style style:name="Caption" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"><style:text-properties fo:font-size="10pt" fo:font-style="italic"/></style:style>` +
		`<style:style style:name="Horizontal_20_Line" style:display-name="Horizontal Line" style:family="paragraph" style:parent-style-name="Standard" style:class="html">` +
		`<style:paragraph-properties fo:margin-bottom="0.3cm" fo:padding="0cm" fo:border-bottom="0.5pt solid #808080"/><style:text-properties fo:font-size="6pt"/></style:style>`)
	b.WriteString(odtCalloutStyles())
	lists := []struct{ name, level string }{
		{"L_Bullet", `<text:list-level-style-bullet text:level="%d" text:bullet-char="•">%s</text:list-level-style-bullet>`},
		{"L_Number", `<text:list-level-style-number text:level="%d" style:num-suffix="." style:num-format="1">%s</text:list-level-style-number>`},
		{"L_Check", `<text:list-level-style-number text:level="%d" style:num-format="">%s</text:list-level-style-number>`},
	}
	for _, l := range lists {
		b.WriteString(`<text:list-style style:name="` + l.name + `">`)
		for lvl := 1; lvl <= 10; lvl++ {
			indent := fmt.Sprintf(`<style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="%.2fcm" fo:text-indent="-0.63cm" fo:margin-left="%.2fcm"/></style:list-level-properties>`,
				0.63*float64(lvl+1), 0.63*float64(lvl+1))
			fmt.Fprintf(&b, l.level, lvl, indent)
		}
		b.WriteString("</text:list-style>")
	}
	b.WriteString(`</office:styles><office:automatic-styles><style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout></office:automatic-styles>` +
		`<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PL"/></office:master-styles></office:document-styles>`)
	return b.String()
}
