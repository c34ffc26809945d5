// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// A folder: the breadcrumb, the toolbar (upload files or a folder, new
// folder, list or grid), the items, and the drop zone that covers the whole
// view (files and folders dropped anywhere on it are uploaded here).
import { Button, Menu, NativeSelect, SegmentedControl } from "@mantine/core";
import "@mantine/core/styles/SegmentedControl.css";
import { Fragment, useCallback, useEffect, useRef, useState, useSyncExternalStore, type DragEvent } from "react";
import type { ApiResult } from "../api/client";
import { EmptyState, ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { describeFormError } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { IconChevronDown } from "../icons";
import { Link, navigate } from "../router";
import { browserStorage } from "../storage";
import { getNode, listChildren, listShared, makeFolder, type Node } from "./api";
import { useItemActions, type NoticeState } from "./actions";
import { NameDialog } from "./dialogs";
import { drivePaths, previewable, sortNodes, type Sort } from "./format";
import { useDriveI18n } from "./i18n";
import { IconChevronRight, IconCloud, IconFolderPlus, IconGrid, IconRows, IconUpload } from "./icons";
import { ItemList, type ViewMode } from "./ItemList";
import { Preview } from "./Preview";
import { SelectionBar, useSelection } from "./Selection";
import { useDriveEvents } from "./ui";
import type { UploadQueue } from "./upload";
import { entriesFromDrop, entriesFromInput, hasFiles, walkEntries } from "./walker";

/** Crumb is one folder of the path above the current one. */
interface Crumb {
  id: string;
  name: string;
}

/**
 * loadTrail reads the folders above node, up to one's root, or for an item
 * of someone else's up to the topmost one shared with the caller (whose
 * parent the caller may not read: asking would only log a 404).
 */
async function loadTrail(node: Node, myId: string): Promise<{ crumbs: Crumb[]; shared: boolean }> {
  const crumbs: Crumb[] = [];
  let stopAt = new Set<string>();
  if (node.owner_id !== myId) {
    const shared = await listShared();
    if (shared.ok) stopAt = new Set(shared.data.map((n) => n.id));
  }
  let cur = node;
  for (let depth = 0; depth < 64 && cur.parent_id && !stopAt.has(cur.id); depth++) {
    const up = await getNode(cur.parent_id);
    if (!up.ok) return { crumbs, shared: true };
    cur = up.data;
    crumbs.unshift({ id: cur.id, name: cur.name });
  }
  return { crumbs, shared: cur.owner_id !== myId };
}

const storage = browserStorage();
const readPref = (key: string) => {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
};
const writePref = (key: string, value: string) => {
  try {
    storage?.setItem(key, value);
  } catch {
    /* storage refused: the choice lasts for this page only */
  }
};

/** useViewPrefs keeps list/grid and the sort across visits. */
export function useViewPrefs(): { view: ViewMode; setView: (v: ViewMode) => void; sort: Sort; setSort: (s: Sort) => void } {
  const [view, setViewState] = useState<ViewMode>(() => (readPref("ensemble.drive.view") === "grid" ? "grid" : "list"));
  const [sort, setSortState] = useState<Sort>(() => {
    const [key, dir] = (readPref("ensemble.drive.sort") ?? "").split(":");
    return { key: key === "size" || key === "modified" ? key : "name", desc: dir === "desc" };
  });
  return {
    view,
    setView: (v) => {
      setViewState(v);
      writePref("ensemble.drive.view", v);
    },
    sort,
    setSort: (s) => {
      setSortState(s);
      writePref("ensemble.drive.sort", `${s.key}:${s.desc ? "desc" : "asc"}`);
    },
  };
}

/** FolderView shows folder id ("root" for one's own root). */
export function FolderView({ id, myId, queue }: { id: string; myId: string; queue: UploadQueue }) {
  const { t, lang } = useDriveI18n();
  const events = useDriveEvents();
  const load = useCallback(async (): Promise<ApiResult<{ folder: Node; items: Node[]; trail: { crumbs: Crumb[]; shared: boolean } }>> => {
    const [f, c] = await Promise.all([getNode(id), listChildren(id)]);
    if (!f.ok) return f;
    if (!c.ok) return c;
    if (!f.data.is_dir) return { ok: false, error: { kind: "http", status: 404 } };
    return { ok: true, data: { folder: f.data, items: c.data, trail: await loadTrail(f.data, myId) } };
  }, [id, myId]);
  const { data, error, reload } = useApiResource(load);
  const { view, setView, sort, setSort } = useViewPrefs();
  const [notice, setNotice] = useState<NoticeState>(null);
  const [creating, setCreating] = useState(false);
  const [preview, setPreview] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const folder = data?.folder ?? null;
  const items = data ? sortNodes(data.items, sort, lang) : [];
  const previews = items.filter((n) => previewable(n));
  const open = (n: Node) => {
    if (n.is_dir) navigate(drivePaths.folder(n.id));
    else setPreview(Math.max(0, previews.findIndex((p) => p.id === n.id)));
  };
  const selection = useSelection(items);
  const { menu, dialogs, onKey } = useItemActions({ reload: () => void reload(), open, setNotice, folderId: folder?.id ?? id });

  // Reload when an upload into this folder (or below it) ends, well or not
  // (a refusal over quota brings the gauge up to date too).
  const snap = useSyncExternalStore(queue.subscribe, queue.snapshot);
  const doneHere = snap.tasks.filter((x) => (x.state === "done" || x.state === "error") && (x.folderId === id || x.folderId === folder?.id)).length;
  const lastDone = useRef(doneHere);
  useEffect(() => {
    if (doneHere === lastDone.current) return;
    lastDone.current = doneHere;
    void reload();
    events.changed();
  }, [doneHere, reload, events]);

  if (!data || !folder) {
    if (error?.kind === "http" && (error.status === 404 || error.status === 403)) {
      return (
        <EmptyState icon={<IconCloud size={30} />} title={t("drive.notFound.title")} body={t("drive.notFound.body")} className="ens-empty ens-empty-cta" testId="drive-not-found">
          <div className="ens-empty-actions">
            <Button component={Link} href={drivePaths.home} variant="default">
              {t("drive.backHome")}
            </Button>
          </div>
        </EmptyState>
      );
    }
    return <ListState error={error} retry={reload} block />;
  }

  const folderName = folder.name || t("drive.nav.mine");
  const target = folder.id;
  const onDragEnter = (e: DragEvent) => {
    if (!hasFiles(e.dataTransfer)) return;
    e.preventDefault();
    dragDepth.current++;
    setDragging(true);
  };
  const onDragOver = (e: DragEvent) => {
    if (!hasFiles(e.dataTransfer)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  };
  const onDragLeave = () => {
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDrop = (e: DragEvent) => {
    if (!hasFiles(e.dataTransfer)) return;
    e.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    const { entries, files } = entriesFromDrop(e.dataTransfer);
    void walkEntries(entries).then((walked) => queue.add(target, [...walked, ...files.map((file) => ({ dirs: [], file }))]));
  };

  return (
    <div className="ens-drive-main" data-dragging={dragging} onDragEnter={onDragEnter} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop} data-testid="drive-folder" data-folder-id={folder.id}>
      {dragging && (
        <div className="ens-drive-drop" aria-hidden="true">
          <IconUpload size={40} />
          {t("drive.drop", { name: folderName })}
        </div>
      )}
      <nav className="ens-drive-crumbs" aria-label={t("drive.breadcrumb")}>
        <ol>
          {data.trail.shared ? (
            <li>
              <Link href={drivePaths.shared}>{t("drive.shared.crumb")}</Link>
            </li>
          ) : null}
          {data.trail.crumbs.map((c, i) => (
            <Fragment key={c.id}>
              {(i > 0 || data.trail.shared) && (
                <li className="ens-drive-crumb-sep" aria-hidden="true">
                  <IconChevronRight size={16} />
                </li>
              )}
              <li>
                <Link href={c.name ? drivePaths.folder(c.id) : drivePaths.home}>{c.name || t("drive.nav.mine")}</Link>
              </li>
            </Fragment>
          ))}
          {(data.trail.crumbs.length > 0 || data.trail.shared) && (
            <li className="ens-drive-crumb-sep" aria-hidden="true">
              <IconChevronRight size={16} />
            </li>
          )}
          <li>
            <h2 aria-current="page" className="ens-drive-crumb-current" data-testid="drive-folder-name" style={{ fontSize: "inherit", margin: 0 }}>
              {folderName}
            </h2>
          </li>
        </ol>
      </nav>
      <div className="ens-drive-toolbar" role="toolbar" aria-label={t("drive.toolbar")}>
        <div className="ens-drive-toolbar-group">
          <Menu position="bottom-start" shadow="md">
            <Menu.Target>
              <Button leftSection={<IconUpload size={18} />} rightSection={<IconChevronDown size={16} />} data-testid="drive-upload">
                {t("drive.upload")}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => filesInput.current?.click()} data-testid="drive-upload-files">
                {t("drive.upload.files")}
              </Menu.Item>
              <Menu.Item onClick={() => folderInput.current?.click()} data-testid="drive-upload-folder">
                {t("drive.upload.folder")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <Button variant="default" leftSection={<IconFolderPlus size={18} />} onClick={() => setCreating(true)} data-testid="drive-new-folder">
            {t("drive.newFolder")}
          </Button>
        </div>
        <div className="ens-drive-toolbar-group">
          {view === "grid" && (
            <NativeSelect
              aria-label={t("drive.sort")}
              value={`${sort.key}:${sort.desc ? "desc" : "asc"}`}
              onChange={(e) => {
                const [key, dir] = e.currentTarget.value.split(":");
                setSort({ key: key === "size" || key === "modified" ? key : "name", desc: dir === "desc" });
              }}
              data={(["name", "size", "modified"] as const).flatMap((key) =>
                (["asc", "desc"] as const).map((dir) => ({ value: `${key}:${dir}`, label: t("drive.sort.option", { key: t(`drive.sort.${key}`), direction: t(`drive.sort.${dir}`) }) })),
              )}
              data-testid="drive-sort"
            />
          )}
          <SegmentedControl
            value={view}
            onChange={(v) => setView(v === "grid" ? "grid" : "list")}
            aria-label={t("drive.view")}
            data={[
              { value: "list", label: <span className="ens-drive-seg"><IconRows size={16} />{t("drive.view.list")}</span> },
              { value: "grid", label: <span className="ens-drive-seg"><IconGrid size={16} />{t("drive.view.grid")}</span> },
            ]}
            data-testid="drive-view"
          />
        </div>
      </div>
      <input
        ref={filesInput}
        type="file"
        multiple
        className="ens-visually-hidden-input"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="drive-files-input"
        onChange={(e) => {
          queue.add(target, entriesFromInput(e.currentTarget.files ?? []));
          e.currentTarget.value = "";
        }}
      />
      <input
        ref={(el) => {
          folderInput.current = el;
          el?.setAttribute("webkitdirectory", "");
        }}
        type="file"
        multiple
        className="ens-visually-hidden-input"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="drive-folder-input"
        onChange={(e) => {
          queue.add(target, entriesFromInput(e.currentTarget.files ?? []));
          e.currentTarget.value = "";
        }}
      />
      {notice && (
        <Notice kind={notice.kind} onClose={() => setNotice(null)} testId="drive-notice">
          {notice.text}
          {notice.undo && (
            <Button variant="subtle" size="compact-sm" ml="sm" onClick={notice.undo} data-testid="drive-undo">
              {t("drive.undo")}
            </Button>
          )}
        </Notice>
      )}
      <SelectionBar chosen={selection.chosen} clear={selection.clear} folderId={folder.id} reload={() => void reload()} setNotice={setNotice} />
      {items.length === 0 ? (
        <EmptyState icon={<IconUpload size={30} />} title={t("drive.empty.title")} body={t("drive.empty.body")} className="ens-empty ens-empty-cta" testId="drive-empty" />
      ) : (
        <ItemList items={items} label={t("drive.folderItems", { name: folderName })} view={view} sort={sort} onSort={setSort} open={open} menu={menu} onKey={onKey} selection={selection} />
      )}
      {creating && (
        <NameDialog
          title={t("drive.newFolder")}
          label={t("drive.newFolder.name")}
          initial=""
          submitLabel={t("drive.newFolder.create")}
          testId="drive-folder-dialog"
          onClose={() => setCreating(false)}
          submit={async (name) => {
            const r = await makeFolder(target, name);
            if (!r.ok) return describeFormError(r.error, t);
            setNotice({ kind: "success", text: t("drive.newFolder.created", { name: r.data.name }) });
            void reload();
            return null;
          }}
        />
      )}
      {preview !== null && previews.length > 0 && <Preview items={previews} index={Math.min(preview, previews.length - 1)} onMove={setPreview} onClose={() => setPreview(null)} />}
      {dialogs}
    </div>
  );
}
