// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Several items at once: the selection (kept to the items still listed)
// and its bar, which moves them to the trash (with Undo) or into another
// folder. Each item goes on its own request; the first failures are told.
import { Button } from "@mantine/core";
import { useState } from "react";
import type { ApiResult } from "../api/client";
import { describeError } from "../format";
import { IconTrash, IconX } from "../icons";
import { moveNode, restoreNode, trashNode, type Node } from "./api";
import type { NoticeState } from "./actions";
import { FolderPicker } from "./dialogs";
import { useDriveI18n } from "./i18n";
import { IconMove } from "./icons";
import { useDriveEvents } from "./ui";

/** Selection is the ids chosen among a list's items. */
export interface Selection {
  selected: ReadonlySet<string>;
  toggle: (id: string) => void;
  setAll: (ids: readonly string[]) => void;
}

/** useSelection keeps a selection, forgetting ids no longer among items. */
export function useSelection(items: readonly Node[]): Selection & { chosen: Node[]; clear: () => void } {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const chosen = items.filter((n) => ids.has(n.id));
  const selected = new Set(chosen.map((n) => n.id));
  return {
    selected,
    chosen,
    toggle: (id) =>
      setIds((cur) => {
        const next = new Set(cur);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    setAll: (all) => setIds(new Set(all)),
    clear: () => setIds(new Set()),
  };
}

/** forEach runs call on every item in turn and returns the failures, worded. */
async function forEach(items: readonly Node[], call: (n: Node) => Promise<ApiResult<unknown>>, word: (n: Node, e: string) => string, t: Parameters<typeof describeError>[1]): Promise<{ done: Node[]; errors: string[] }> {
  const done: Node[] = [];
  const errors: string[] = [];
  for (const n of items) {
    const r = await call(n);
    if (r.ok) done.push(n);
    else errors.push(word(n, describeError(r.error, t)));
  }
  return { done, errors };
}

/** SelectionBar acts on chosen; reload runs after a change. */
export function SelectionBar({ chosen, clear, folderId, reload, setNotice }: { chosen: Node[]; clear: () => void; folderId: string; reload: () => void; setNotice: (n: NoticeState) => void }) {
  const { t } = useDriveI18n();
  const events = useDriveEvents();
  const [moving, setMoving] = useState(false);
  const [busy, setBusy] = useState(false);
  if (chosen.length === 0) return null;
  const word = (n: Node, error: string) => t("drive.bulk.failed", { name: n.name, error });
  const after = () => {
    clear();
    reload();
    events.changed();
  };

  const trash = async () => {
    setBusy(true);
    const { done, errors } = await forEach(chosen, (n) => trashNode(n.id), word, t);
    setBusy(false);
    after();
    if (errors.length > 0) {
      setNotice({ kind: "error", text: errors.slice(0, 3).join(" ") });
      return;
    }
    setNotice({
      kind: "success",
      text: t("drive.bulk.trashed", { count: done.length }),
      undo: async () => {
        const back = await forEach(done, (n) => restoreNode(n.id), word, t);
        setNotice(back.errors.length > 0 ? { kind: "error", text: back.errors.slice(0, 3).join(" ") } : null);
        reload();
        events.changed();
      },
    });
  };

  return (
    <div className="ens-drive-selection" role="region" aria-label={t("drive.select.actions")} data-testid="drive-selection">
      <strong aria-live="polite">{t("drive.selected", { count: chosen.length })}</strong>
      <div className="ens-drive-toolbar-group">
        <Button variant="default" size="xs" leftSection={<IconMove size={16} />} onClick={() => setMoving(true)} disabled={busy} data-testid="drive-selection-move">
          {t("drive.move")}
        </Button>
        <Button variant="default" size="xs" leftSection={<IconTrash size={16} />} onClick={() => void trash()} loading={busy} data-testid="drive-selection-delete">
          {t("drive.delete")}
        </Button>
        <Button variant="subtle" size="xs" leftSection={<IconX size={16} />} onClick={clear} disabled={busy} data-testid="drive-selection-clear">
          {t("drive.select.clear")}
        </Button>
      </div>
      {moving && (
        <FolderPicker
          title={t("drive.bulk.moveTitle", { count: chosen.length })}
          confirmLabel={t("drive.move.here")}
          start={folderId}
          exclude={chosen.filter((n) => n.is_dir).map((n) => n.id)}
          onClose={() => setMoving(false)}
          choose={async (folder) => {
            const { done, errors } = await forEach(chosen, (n) => moveNode(n.id, { parent_id: folder.id }), word, t);
            after();
            if (errors.length > 0) return errors.slice(0, 3).join(" ");
            setNotice({ kind: "success", text: t("drive.bulk.moved", { count: done.length, folder: folder.name || t("drive.nav.mine") }) });
            return null;
          }}
        />
      )}
    </div>
  );
}
