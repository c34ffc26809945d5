// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// A folder's items as a table (sortable columns) or as a grid of cards
// (images show themselves). The name opens the item: a folder, a preview,
// or a download for what the browser cannot show.
import { Badge, Checkbox } from "@mantine/core";
import type { KeyboardEvent, ReactNode } from "react";
import { formatDateTime } from "../format";
import { contentURL, thumbnailable, thumbnailURL, type Node } from "./api";
import { fileKind, formatSize, previewable, type Sort, type SortKey } from "./format";
import { useDriveI18n, type DriveKey } from "./i18n";
import { IconSortDown, IconSortUp, kindIcons } from "./icons";
import type { Selection } from "./Selection";
import { NodeIcon } from "./ui";

/** ViewMode is how a folder is shown. */
export type ViewMode = "list" | "grid";

interface Props<T extends Node> {
  items: readonly T[];
  label: string;
  view: ViewMode;
  sort: Sort;
  onSort: (s: Sort) => void;
  open: (n: T) => void;
  menu: (n: T) => ReactNode;
  extra?: { header: string; cell: (n: T) => ReactNode };
  /** onKey gets the keys pressed on an item's name (shortcuts). */
  onKey?: (n: T, e: KeyboardEvent) => void;
  /** selection adds a checkbox to each item. */
  selection?: Selection;
}

const sortLabels: Record<SortKey, DriveKey> = { name: "drive.col.name", size: "drive.col.size", modified: "drive.col.modified" };

/** OpenName is the name of an item as a control that opens it. */
function OpenName<T extends Node>({ n, open, children, className, onKey }: { n: T; open: (n: T) => void; children: ReactNode; className: string; onKey?: (n: T, e: KeyboardEvent) => void }) {
  const onKeyDown = onKey ? (e: KeyboardEvent) => onKey(n, e) : undefined;
  if (n.scan_state === "blocked") {
    // Quarantined: neither previewed nor downloaded; the shortcuts still work.
    return (
      <button type="button" className={className} aria-disabled="true" onKeyDown={onKeyDown} aria-keyshortcuts={onKey ? "Delete F2" : undefined} data-testid="drive-item-open">
        {children}
      </button>
    );
  }
  if (!n.is_dir && !previewable(n)) {
    return (
      <a href={contentURL(n.id)} download={n.name} className={className} onKeyDown={onKeyDown} aria-keyshortcuts={onKey ? "Delete F2" : undefined} data-testid="drive-item-open">
        {children}
      </a>
    );
  }
  return (
    <button type="button" className={className} onClick={() => open(n)} onKeyDown={onKeyDown} aria-keyshortcuts={onKey ? "Delete F2" : undefined} data-testid="drive-item-open">
      {children}
    </button>
  );
}

/** ScanBadge says that a file is being scanned for malware, or was blocked. */
function ScanBadge({ n }: { n: Node }) {
  const { t } = useDriveI18n();
  if (n.scan_state !== "scanning" && n.scan_state !== "blocked") return null;
  const blocked = n.scan_state === "blocked";
  return (
    <Badge size="xs" variant="filled" color={blocked ? "red.8" : "gray.7"} ml={6} title={blocked ? t("drive.scan.blockedHelp") : undefined} data-testid="drive-scan-badge" data-state={n.scan_state}>
      {t(blocked ? "drive.scan.blocked" : "drive.scan.scanning")}
    </Badge>
  );
}

/** ItemList shows items as a table or a grid. */
export function ItemList<T extends Node>({ items, label, view, sort, onSort, open, menu, extra, onKey, selection }: Props<T>) {
  const { t, lang } = useDriveI18n();
  const pick = (n: T, className?: string) =>
    selection && (
      <Checkbox
        className={className}
        aria-label={t("drive.select.item", { name: n.name })}
        checked={selection.selected.has(n.id)}
        onChange={() => selection.toggle(n.id)}
        data-testid="drive-item-select"
      />
    );
  const all = selection && items.length > 0 && items.every((n) => selection.selected.has(n.id));
  const some = selection && !all && items.some((n) => selection.selected.has(n.id));
  const meta = (n: T) => (n.is_dir ? t("drive.kind.folder") : formatSize(n.size, lang));

  if (view === "grid") {
    return (
      <ul className="ens-drive-grid" aria-label={label} data-testid="drive-items">
        {items.map((n) => {
          const kind = fileKind(n);
          const Icon = kindIcons[kind];
          return (
            <li key={n.id} className="ens-drive-card" data-testid="drive-item" data-name={n.name} data-kind={kind} data-selected={selection?.selected.has(n.id) ?? false}>
              {pick(n, "ens-drive-card-pick")}
              <OpenName n={n} open={open} onKey={onKey} className="ens-drive-card-open">
                <span className="ens-drive-thumb" data-kind={kind} aria-hidden="true">
                  {kind === "image" && previewable(n) && (n.scan_state ?? "clean") === "clean" ? (
                    <img src={thumbnailable(n) ? thumbnailURL(n.id, 256) : contentURL(n.id, true)} alt="" loading="lazy" />
                  ) : (
                    <Icon size={44} />
                  )}
                </span>
                <span className="ens-drive-card-text">
                  <span className="ens-drive-card-name">{n.name}</span>
                  <span className="ens-drive-card-meta">
                    {meta(n)}
                    <ScanBadge n={n} />
                  </span>
                </span>
              </OpenName>
              <span className="ens-drive-card-menu">{menu(n)}</span>
            </li>
          );
        })}
      </ul>
    );
  }

  const header = (key: SortKey, className: string) => {
    const active = sort.key === key;
    const Arrow = sort.desc ? IconSortDown : IconSortUp;
    return (
      <th scope="col" className={className} aria-sort={active ? (sort.desc ? "descending" : "ascending") : undefined}>
        <button type="button" className="ens-drive-sort" onClick={() => onSort({ key, desc: active ? !sort.desc : false })} data-testid={`drive-sort-${key}`}>
          {t(sortLabels[key])}
          {active && <Arrow size={14} />}
        </button>
      </th>
    );
  };
  return (
    <table className="ens-drive-table" aria-label={label} data-testid="drive-items">
      <thead>
        <tr>
          {selection && (
            <th scope="col" className="ens-drive-col-pick">
              <Checkbox
                aria-label={t("drive.select.all")}
                checked={all}
                indeterminate={some}
                onChange={() => selection.setAll(all ? [] : items.map((n) => n.id))}
                data-testid="drive-select-all"
              />
            </th>
          )}
          {header("name", "")}
          {extra && (
            <th scope="col" className="ens-drive-hide-sm">
              {extra.header}
            </th>
          )}
          {header("size", "ens-drive-col-size")}
          {header("modified", "ens-drive-col-date")}
          <th scope="col" className="ens-drive-col-actions">
            <span className="ens-visually-hidden-input">{t("drive.col.actions")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((n) => (
          <tr key={n.id} data-testid="drive-item" data-name={n.name} data-kind={fileKind(n)} data-selected={selection?.selected.has(n.id) ?? false}>
            {selection && <td className="ens-drive-col-pick">{pick(n)}</td>}
            <td>
              <OpenName n={n} open={open} onKey={onKey} className="ens-drive-name">
                <NodeIcon node={n} />
                <span className="ens-drive-name-text">{n.name}</span>
              </OpenName>
              <ScanBadge n={n} />
            </td>
            {extra && <td className="ens-drive-hide-sm">{extra.cell(n)}</td>}
            <td className="ens-drive-num ens-drive-col-size">{n.is_dir ? t("drive.dash") : formatSize(n.size, lang)}</td>
            <td className="ens-drive-num ens-drive-col-date">{formatDateTime(n.modified_at, lang)}</td>
            <td className="ens-drive-col-actions">{menu(n)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
