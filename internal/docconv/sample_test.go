// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

// pixelPNG is a 1×1 PNG image as a data: URL.
const pixelPNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

// sample is a document with every supported block and style.
func sample() Doc {
	t := func(s string) []Inline { return []Inline{{Text: s}} }
	return Doc{Title: "Rapport annuel", Blocks: []Block{
		{Type: Heading, Level: 1, Content: t("Rapport annuel")},
		{Type: Paragraph, Content: []Inline{
			{Text: "Texte "}, {Text: "gras", Bold: true}, {Text: " et "}, {Text: "italique", Italic: true},
			{Text: ", "}, {Text: "souligné", Underline: true}, {Text: ", "}, {Text: "barré", Strike: true},
			{Text: ", "}, {Text: "code", Code: true}, {Text: " et un "}, {Text: "lien", Href: "https://example.org/page"},
			{Text: ". Étoiles * et _tirets_ [crochets] <balise> & 1. pas une liste"},
		}},
		{Type: Heading, Level: 2, Content: t("Listes")},
		{Type: BulletItem, Content: t("Premier point"), Children: []Block{
			{Type: BulletItem, Content: t("Sous-point")},
			{Type: NumberedItem, Content: t("Sous-numéro")},
		}},
		{Type: BulletItem, Content: t("Second point")},
		{Type: NumberedItem, Content: t("Un")},
		{Type: NumberedItem, Content: t("Deux")},
		{Type: CheckItem, Checked: true, Content: t("Fait")},
		{Type: CheckItem, Content: t("À faire")},
		{Type: Heading, Level: 3, Content: t("Code et citation")},
		{Type: CodeBlock, Language: "go", Content: t("func main() {\n\tprintln(\"hi ```\")\n}")},
		{Type: Quote, Content: t("Une citation\nsur deux lignes")},
		{Type: Callout, Kind: "warning", Content: []Inline{{Text: "Attention : "}, {Text: "date limite", Bold: true}, {Text: " le 3 mars\nà midi"}}},
		{Type: Callout, Kind: "info", Content: t("Une note")},
		{Type: Callout, Kind: "success", Content: t("Réussi")},
		{Type: Callout, Kind: "danger", Content: t("Danger")},
		{Type: Table, Rows: []Row{
			{Cells: []Cell{{Header: true, Content: t("Nom")}, {Header: true, Content: t("Valeur | pipe")}}},
			{Cells: []Cell{{Content: t("alpha")}, {Content: []Inline{{Text: "1", Bold: true}}}}},
			{Cells: []Cell{{Content: t("beta")}, {Content: t("2")}}},
		}},
		{Type: Image, URL: pixelPNG, Caption: "Un pixel"},
		{Type: Paragraph, Content: t("Ligne un\nLigne deux")},
		{Type: Divider},
		{Type: Paragraph, Content: []Inline{{Text: "gras italique", Bold: true, Italic: true}, {Text: " fin"}}},
	}}
}
