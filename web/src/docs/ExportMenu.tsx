// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The "Export" submenu of a document's "more" menu: one download link per
// format. The server builds the file from the document's content and
// names it (Content-Disposition); the link's download attribute names it
// too, for browsers that prefer it.
import { Menu } from "@mantine/core";
import { IconDownload } from "../icons";
import type { Doc } from "./api";
import { useDocsI18n, type DocsKey } from "./i18n";
import { exportFileName, exportFormats, exportURL, type ExportFormat } from "./search";
import { shownTitle } from "./ui";

const formatKey: Record<ExportFormat, DocsKey> = {
  md: "docs.export.md",
  html: "docs.export.html",
  odt: "docs.export.odt",
  docx: "docs.export.docx",
  pdf: "docs.export.pdf",
};

/** ExportSubmenu goes inside a Menu.Dropdown: "Export" opens the list of formats. */
export function ExportSubmenu({ doc }: { doc: Doc }) {
  const { t } = useDocsI18n();
  if (!doc.abilities.read) return null;
  return (
    <Menu.Sub position="left-start" offset={4}>
      <Menu.Sub.Target>
        <Menu.Sub.Item leftSection={<IconDownload size={18} />} data-testid="doc-export">
          {t("docs.export")}
        </Menu.Sub.Item>
      </Menu.Sub.Target>
      <Menu.Sub.Dropdown aria-label={t("docs.export.formats", { title: shownTitle(doc, t) })}>
        {exportFormats.map((f) => (
          <Menu.Item key={f} component="a" href={exportURL(doc.id, f)} download={exportFileName(doc.title, f)} data-testid={`doc-export-${f}`}>
            {t(formatKey[f])}
          </Menu.Item>
        ))}
      </Menu.Sub.Dropdown>
    </Menu.Sub>
  );
}
