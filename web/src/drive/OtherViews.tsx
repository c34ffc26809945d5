// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The two lists that are not folders: what others shared with one (with
// one's role), and the trash (restore, delete for good).
import { ActionIcon, Tooltip } from "@mantine/core";
import { useCallback, useState } from "react";
import type { ApiResult } from "../api/client";
import { EmptyState, ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { describeError, formatDateTime } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { useConfirmAction } from "../hooks/useConfirmAction";
import { IconTrash } from "../icons";
import { navigate } from "../router";
import { listShared, listTrash, purgeNode, restoreNode, type Node, type SharedNode } from "./api";
import { useItemActions, type NoticeState } from "./actions";
import { drivePaths, formatSize, previewable, sortNodes } from "./format";
import { useDriveI18n } from "./i18n";
import { IconRestore, IconShare } from "./icons";
import { ItemList } from "./ItemList";
import { Preview } from "./Preview";
import { useViewPrefs } from "./FolderView";
import { NodeIcon, roleKey, useDriveEvents } from "./ui";

/** SharedView is /drive/shared. */
export function SharedView() {
  const { t, lang } = useDriveI18n();
  const load = useCallback((): Promise<ApiResult<SharedNode[]>> => listShared(), []);
  const { data, error, reload } = useApiResource(load);
  const { view, sort, setSort } = useViewPrefs();
  const [notice, setNotice] = useState<NoticeState>(null);
  const [preview, setPreview] = useState<number | null>(null);
  const items = data ? sortNodes(data, sort, lang) : [];
  const previews = items.filter((n) => previewable(n));
  const open = (n: Node) => {
    if (n.is_dir) navigate(drivePaths.folder(n.id));
    else setPreview(Math.max(0, previews.findIndex((p) => p.id === n.id)));
  };
  const { menu, dialogs } = useItemActions({ reload: () => void reload(), open, setNotice, folderId: "root" });
  return (
    <div className="ens-drive-main" data-testid="drive-shared">
      <h2 className="ens-section-title ens-section-title-flush">{t("drive.shared.title")}</h2>
      {notice && (
        <Notice kind={notice.kind} onClose={() => setNotice(null)} testId="drive-notice">
          {notice.text}
        </Notice>
      )}
      <div style={{ marginTop: "1rem" }}>
        {data === null ? (
          <ListState error={error} retry={reload} block />
        ) : items.length === 0 ? (
          <EmptyState icon={<IconShare size={30} />} title={t("drive.shared.empty.title")} body={t("drive.shared.empty.body")} className="ens-empty ens-empty-cta" testId="drive-shared-empty" />
        ) : (
          <ItemList
            items={items}
            label={t("drive.shared.title")}
            view={view}
            sort={sort}
            onSort={setSort}
            open={open}
            menu={menu}
            extra={{ header: t("drive.col.role"), cell: (n) => <span className="ens-tag ens-tag-accent">{t(roleKey[n.role] ?? "drive.role.reader")}</span> }}
          />
        )}
      </div>
      {preview !== null && previews.length > 0 && <Preview items={previews} index={Math.min(preview, previews.length - 1)} onMove={setPreview} onClose={() => setPreview(null)} />}
      {dialogs}
    </div>
  );
}

/** TrashView is /drive/trash. */
export function TrashView() {
  const { t, lang } = useDriveI18n();
  const events = useDriveEvents();
  const load = useCallback(async (): Promise<ApiResult<{ items: Node[]; days: number }>> => {
    const r = await listTrash();
    return r.ok ? { ok: true, data: { items: r.data?.items ?? [], days: r.data?.retention_days ?? 30 } } : r;
  }, []);
  const { data, error, reload } = useApiResource(load);
  const { ask, dialog } = useConfirmAction();
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const items = data ? [...data.items].sort((a, b) => Date.parse(b.trashed_at ?? "") - Date.parse(a.trashed_at ?? "")) : [];

  return (
    <div className="ens-drive-main" data-testid="drive-trash">
      <h2 className="ens-section-title ens-section-title-flush">{t("drive.trash.title")}</h2>
      {notice && (
        <Notice kind={notice.kind} onClose={() => setNotice(null)} testId="drive-notice">
          {notice.text}
        </Notice>
      )}
      <div style={{ marginTop: "1rem" }}>
        {data === null ? (
          <ListState error={error} retry={reload} block />
        ) : items.length === 0 ? (
          <EmptyState icon={<IconTrash size={30} />} title={t("drive.trash.empty.title")} body={t("drive.trash.empty.body")} className="ens-empty ens-empty-cta" testId="drive-trash-empty" />
        ) : (
          <table className="ens-drive-table" aria-label={t("drive.trash.title")} data-testid="drive-items">
            <thead>
              <tr>
                <th scope="col">{t("drive.col.name")}</th>
                <th scope="col" className="ens-drive-col-size">
                  {t("drive.col.size")}
                </th>
                <th scope="col" className="ens-drive-col-date">
                  {t("drive.col.deleted")}
                </th>
                <th scope="col" style={{ width: "6.5rem" }}>
                  <span className="ens-visually-hidden-input">{t("drive.col.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((n) => (
                <tr key={n.id} data-testid="drive-item" data-name={n.name}>
                  <td>
                    <span className="ens-drive-name">
                      <NodeIcon node={n} />
                      <span className="ens-drive-name-text">{n.name}</span>
                    </span>
                  </td>
                  <td className="ens-drive-num ens-drive-col-size">{n.is_dir ? t("drive.dash") : formatSize(n.size, lang)}</td>
                  <td className="ens-drive-num ens-drive-col-date">{formatDateTime(n.trashed_at, lang)}</td>
                  <td>
                    <span className="ens-drive-toolbar-group" style={{ flexWrap: "nowrap" }}>
                      <Tooltip label={t("drive.trash.restore")} withArrow>
                        <ActionIcon
                          variant="subtle"
                          size="lg"
                          aria-label={t("drive.trash.restoreName", { name: n.name })}
                          data-testid="drive-trash-restore"
                          onClick={async () => {
                            const r = await restoreNode(n.id);
                            if (r.ok) {
                              setNotice({ kind: "success", text: t("drive.trash.restored", { name: r.data.name }) });
                              void reload();
                            } else setNotice({ kind: "error", text: describeError(r.error, t) });
                          }}
                        >
                          <IconRestore size={20} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={t("drive.trash.purge")} withArrow>
                        <ActionIcon
                          variant="subtle"
                          color="red.8"
                          size="lg"
                          aria-label={t("drive.trash.purgeName", { name: n.name })}
                          data-testid="drive-trash-purge"
                          onClick={() =>
                            ask({
                              title: t("drive.trash.purgeTitle", { name: n.name }),
                              body: t("drive.trash.purgeBody"),
                              confirm: t("drive.trash.purge"),
                              danger: true,
                              run: async () => {
                                const r = await purgeNode(n.id);
                                if (!r.ok) return describeError(r.error, t);
                                setNotice({ kind: "success", text: t("drive.trash.purged", { name: n.name }) });
                                void reload();
                                events.changed();
                                return null;
                              },
                            })
                          }
                        >
                          <IconTrash size={20} />
                        </ActionIcon>
                      </Tooltip>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {data && <p className="ens-drive-help">{t("drive.trash.help", { days: data.days })}</p>}
      </div>
      {dialog}
    </div>
  );
}
