// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The naming dialog (new folder, rename) and the folder picker (move,
// copy), which walks one's folders from the root.
import { Button, Modal, TextInput } from "@mantine/core";
import { useCallback, useRef, useState, type FormEvent } from "react";
import type { ApiResult } from "../api/client";
import { FormDialog } from "../components/FormDialog";
import { ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { describeFormError } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { IconFolder } from "../icons";
import { getNode, listChildren, type Node } from "./api";
import { splitName } from "./format";
import { useDriveI18n } from "./i18n";
import { IconArrowUp } from "./icons";

/** NameDialog asks for a name; submit returns the server's error text, or null when done. */
export function NameDialog({
  title,
  label,
  initial,
  submitLabel,
  testId,
  onClose,
  submit,
}: {
  title: string;
  label: string;
  initial: string;
  submitLabel: string;
  testId: string;
  onClose: () => void;
  submit: (name: string) => Promise<string | null>;
}) {
  const { t } = useDriveI18n();
  const [name, setName] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The dialog's focus trap focuses the field (data-autofocus); the first
  // focus selects the stem, so that typing replaces the name but keeps ".pdf".
  const selected = useRef(false);
  const selectStem = (el: HTMLInputElement) => {
    if (selected.current) return;
    selected.current = true;
    el.setSelectionRange(0, initial ? splitName(initial).stem.length || initial.length : 0);
  };
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) {
      setError(t("drive.name.required"));
      return;
    }
    setBusy(true);
    setError(null);
    const err = await submit(n);
    setBusy(false);
    if (err) setError(err);
    else onClose();
  };
  return (
    <FormDialog onClose={onClose} title={title} onSubmit={onSubmit} testId={testId} error={error} errorTestId={`${testId}-error`} busy={busy} submitLabel={submitLabel} submitTestId={`${testId}-submit`}>
      <TextInput data-autofocus label={label} value={name} onChange={(e) => setName(e.currentTarget.value)} onFocus={(e) => selectStem(e.currentTarget)} required autoComplete="off" data-testid={`${testId}-name`} />
    </FormDialog>
  );
}

/**
 * FolderPicker chooses a destination folder among one's own, starting at
 * start (or the root). exclude lists the folders being moved: one cannot go into them.
 */
export function FolderPicker({
  title,
  confirmLabel,
  start,
  exclude,
  onClose,
  choose,
}: {
  title: string;
  confirmLabel: string;
  start: string;
  exclude?: readonly string[];
  onClose: () => void;
  choose: (folder: Node) => Promise<string | null>;
}) {
  const { t } = useDriveI18n();
  const [folderId, setFolderId] = useState(start);
  const excluded = (exclude ?? []).join("\n");
  const load = useCallback(async (): Promise<ApiResult<{ folder: Node; subfolders: Node[] }>> => {
    const skip = new Set(excluded.split("\n"));
    const [f, c] = await Promise.all([getNode(folderId), listChildren(folderId)]);
    if (!f.ok) return f;
    if (!c.ok) return c;
    return { ok: true, data: { folder: f.data, subfolders: c.data.filter((n) => n.is_dir && !skip.has(n.id)) } };
  }, [folderId, excluded]);
  const { data, error, reload } = useApiResource(load);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const current = data && (data.folder.id === folderId || folderId === "root") ? data : null;
  const shownName = (n: Node) => n.name || t("drive.nav.mine");

  return (
    <Modal opened onClose={onClose} title={title} centered size="lg" closeButtonProps={{ "aria-label": t("common.close") }}>
      <div className="ens-form" data-testid="drive-picker">
        {current === null ? (
          <ListState error={error} retry={reload} block />
        ) : (
          <>
            <p aria-live="polite" data-testid="drive-picker-current">
              <strong>{t("drive.picker.current", { name: shownName(current.folder) })}</strong>
            </p>
            {current.folder.parent_id && (
              <Button variant="subtle" leftSection={<IconArrowUp size={18} />} onClick={() => setFolderId(current.folder.parent_id ?? "root")} style={{ alignSelf: "flex-start" }}>
                {t("drive.picker.up")}
              </Button>
            )}
            {current.subfolders.length === 0 ? (
              <p className="ens-drive-picker-empty">{t("drive.picker.none")}</p>
            ) : (
              <ul className="ens-drive-picker" aria-label={t("drive.picker.folders", { name: shownName(current.folder) })}>
                {current.subfolders.map((f) => (
                  <li key={f.id}>
                    <button type="button" onClick={() => setFolderId(f.id)} aria-label={t("drive.picker.enter", { name: f.name })} data-testid="drive-picker-folder" data-name={f.name}>
                      <IconFolder size={18} aria-hidden="true" />
                      <span>{f.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        {failure && (
          <Notice kind="error" testId="drive-picker-error">
            {failure}
          </Notice>
        )}
        <div className="ens-dialog-actions">
          <Button variant="default" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </Button>
          <Button
            disabled={current === null}
            loading={busy}
            data-testid="drive-picker-submit"
            onClick={async () => {
              if (!current) return;
              setBusy(true);
              setFailure(null);
              const err = await choose(current.folder);
              setBusy(false);
              if (err) setFailure(err);
              else onClose();
            }}
          >
            {confirmLabel}
          </Button>
        </div>
      </div>
    </Modal>
  );
}

/** errorText words a failed call for a dialog (the server's own sentence for a bad name). */
export const useErrorText = () => {
  const { t } = useDriveI18n();
  return useCallback(<T,>(r: ApiResult<T>): string | null => (r.ok ? null : describeFormError(r.error, t)), [t]);
};
