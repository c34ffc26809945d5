// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// What one can do to an item, as a menu, and the dialogs those actions
// open (rename, move, copy, versions, share). Moving to the trash is
// immediate, with Undo in the notice.
import { ActionIcon, Menu } from "@mantine/core";
import { useState, type KeyboardEvent, type ReactNode } from "react";
import { describeError } from "../format";
import { IconCopy, IconDots, IconDownload, IconPencil, IconTrash } from "../icons";
import { contentURL, copyNode, listChildren, moveNode, restoreNode, trashNode, zipURL, type Node } from "./api";
import { NameDialog, FolderPicker, useErrorText } from "./dialogs";
import { freeName, nameKey, previewable } from "./format";
import { useDriveI18n } from "./i18n";
import { IconEye, IconHistory, IconMove, IconShare } from "./icons";
import { ShareDialog } from "./ShareDialog";
import { VersionsDialog } from "./VersionsDialog";
import { useDriveEvents } from "./ui";

/** copyFree copies n into folderId under its name, or the first free "name (2).ext", "name (3).ext"… there. */
async function copyFree(n: Node, folderId: string) {
  const there = await listChildren(folderId);
  const taken = new Set(there.ok ? there.data.map((c) => nameKey(c.name)) : []);
  return copyNode(n.id, folderId, freeName(n, taken));
}

type Dialog = { kind: "rename" | "move" | "copy" | "versions" | "share"; node: Node } | null;

/** NoticeState is the message a view shows after an action, with an optional Undo. */
export type NoticeState = { kind: "success" | "error"; text: string; undo?: () => void } | null;

/**
 * useItemActions gives a menu for each item and the dialogs to render;
 * reload runs after anything changed, open opens an item (folder or preview).
 */
export function useItemActions({ reload, open, setNotice, folderId }: { reload: () => void; open: (n: Node) => void; setNotice: (n: NoticeState) => void; folderId: string }) {
  const { t } = useDriveI18n();
  const events = useDriveEvents();
  const errorText = useErrorText();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const done = () => {
    reload();
    events.changed();
  };

  const trash = async (n: Node) => {
    const r = await trashNode(n.id);
    if (!r.ok) {
      setNotice({ kind: "error", text: describeError(r.error, t) });
      return;
    }
    done();
    setNotice({
      kind: "success",
      text: t("drive.delete.done", { name: n.name }),
      undo: async () => {
        const back = await restoreNode(n.id);
        setNotice(back.ok ? null : { kind: "error", text: describeError(back.error, t) });
        done();
      },
    });
  };

  const menu = (n: Node): ReactNode => (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" size="lg" aria-label={t("drive.actions", { name: n.name })} data-testid="drive-item-menu">
          <IconDots size={20} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown data-testid="drive-item-menu-dropdown">
        {(n.is_dir || previewable(n)) && n.scan_state !== "blocked" && (
          <Menu.Item leftSection={<IconEye size={16} />} onClick={() => open(n)} data-testid="drive-action-open">
            {n.is_dir ? t("drive.open") : t("drive.preview")}
          </Menu.Item>
        )}
        {n.scan_state !== "blocked" && (
          <Menu.Item component="a" href={n.is_dir ? zipURL(n.id) : contentURL(n.id)} download={n.is_dir ? `${n.name}.zip` : n.name} leftSection={<IconDownload size={16} />} data-testid="drive-action-download">
            {n.is_dir ? t("drive.downloadZip") : t("drive.download")}
          </Menu.Item>
        )}
        <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setDialog({ kind: "rename", node: n })} data-testid="drive-action-rename">
          {t("drive.rename")}
        </Menu.Item>
        <Menu.Item leftSection={<IconMove size={16} />} onClick={() => setDialog({ kind: "move", node: n })} data-testid="drive-action-move">
          {t("drive.move")}
        </Menu.Item>
        <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => setDialog({ kind: "copy", node: n })} data-testid="drive-action-copy">
          {t("drive.copy")}
        </Menu.Item>
        {!n.is_dir && (
          <Menu.Item leftSection={<IconHistory size={16} />} onClick={() => setDialog({ kind: "versions", node: n })} data-testid="drive-action-versions">
            {t("drive.versions")}
          </Menu.Item>
        )}
        <Menu.Item leftSection={<IconShare size={16} />} onClick={() => setDialog({ kind: "share", node: n })} data-testid="drive-action-share">
          {t("drive.share")}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red.8" leftSection={<IconTrash size={16} />} onClick={() => void trash(n)} data-testid="drive-action-delete">
          {t("drive.delete")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );

  /** onKey runs the keyboard shortcuts of a focused item: Delete moves it to the trash, F2 renames it. */
  const onKey = (n: Node, e: KeyboardEvent) => {
    if (e.key === "Delete") void trash(n);
    else if (e.key === "F2") setDialog({ kind: "rename", node: n });
    else return;
    e.preventDefault();
  };

  let dialogs: ReactNode = null;
  if (dialog?.kind === "rename") {
    const n = dialog.node;
    dialogs = (
      <NameDialog
        title={t("drive.rename.title", { name: n.name })}
        label={t("drive.rename.label")}
        initial={n.name}
        submitLabel={t("drive.rename")}
        testId="drive-rename"
        onClose={close}
        submit={async (name) => {
          if (name === n.name) return null;
          const r = await moveNode(n.id, { name });
          const err = errorText(r);
          if (!err) {
            setNotice({ kind: "success", text: t("drive.rename.done", { name }) });
            done();
          }
          return err;
        }}
      />
    );
  } else if (dialog?.kind === "move" || dialog?.kind === "copy") {
    const n = dialog.node;
    const moving = dialog.kind === "move";
    dialogs = (
      <FolderPicker
        title={t(moving ? "drive.move.title" : "drive.copy.title", { name: n.name })}
        confirmLabel={t(moving ? "drive.move.here" : "drive.copy.here")}
        start={folderId}
        exclude={n.is_dir ? [n.id] : undefined}
        onClose={close}
        choose={async (folder) => {
          const r = moving ? await moveNode(n.id, { parent_id: folder.id }) : await copyFree(n, folder.id);
          const err = errorText(r);
          if (!err && r.ok) {
            const where = folder.name || t("drive.nav.mine");
            setNotice({ kind: "success", text: t(moving ? "drive.move.done" : "drive.copy.done", { name: r.data.name, folder: where }) });
            done();
          }
          return err;
        }}
      />
    );
  } else if (dialog?.kind === "versions") {
    dialogs = <VersionsDialog node={dialog.node} onClose={close} onChanged={done} />;
  } else if (dialog?.kind === "share") {
    dialogs = <ShareDialog node={dialog.node} onClose={close} />;
  }
  return { menu, dialogs, onKey };
}
