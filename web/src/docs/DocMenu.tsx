// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The document's "more" menu: duplicate, move, print, move to the trash;
// and the dialogs behind it.
import { ActionIcon, Checkbox, Menu, NativeSelect } from "@mantine/core";
import { useCallback, useState, type FormEvent } from "react";
import type { ApiResult } from "../api/client";
import { FormDialog } from "../components/FormDialog";
import { describeError } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { useConfirmAction } from "../hooks/useConfirmAction";
import { useDocsI18n } from "./i18n";
import { IconDots, IconTrash } from "../icons";
import { navigate } from "../router";
import { ExportSubmenu } from "./ExportMenu";
import { duplicateDoc, listDocs, moveDoc, trashDoc, type Doc } from "./api";
import { IconFiles, IconMove, IconPrinter } from "./icons";
import { docPath, shownTitle } from "./ui";

/** DocMenu is the "⋯" button of a document page. */
export function DocMenu({ doc, onDocChange, onError }: { doc: Doc; onDocChange: (d: Doc) => void; onError: (text: string) => void }) {
  const { t } = useDocsI18n();
  const { ask, dialog } = useConfirmAction();
  const [dialogOpen, setDialog] = useState<"duplicate" | "move" | null>(null);
  const title = shownTitle(doc, t);
  return (
    <>
      <Menu position="bottom-end" shadow="md" width={240}>
        <Menu.Target>
          <ActionIcon variant="default" size="lg" aria-label={t("docs.menu", { title })} data-testid="doc-menu">
            <IconDots size={20} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {doc.abilities.read && (
            <Menu.Item leftSection={<IconFiles size={18} />} onClick={() => setDialog("duplicate")} data-testid="doc-duplicate">
              {t("docs.duplicate")}
            </Menu.Item>
          )}
          {doc.abilities.move && (
            <Menu.Item leftSection={<IconMove size={18} />} onClick={() => setDialog("move")} data-testid="doc-move">
              {t("docs.move")}
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconPrinter size={18} />} onClick={() => window.print()} data-testid="doc-print">
            {t("docs.print")}
          </Menu.Item>
          <ExportSubmenu doc={doc} />
          {doc.abilities.delete && (
            <>
              <Menu.Divider />
              <Menu.Item
                className="ens-menu-danger"
                leftSection={<IconTrash size={18} />}
                data-testid="doc-trash"
                onClick={() =>
                  ask({
                    title: t("docs.trash.confirmTitle", { title }),
                    body: t("docs.trash.confirmBody"),
                    confirm: t("docs.trash.confirm"),
                    danger: true,
                    run: async () => {
                      const r = await trashDoc(doc.id);
                      if (!r.ok) return describeError(r.error, t);
                      navigate(doc.parent_id ? docPath(doc.parent_id) : "/docs?filter=trash");
                      return null;
                    },
                  })
                }
              >
                {t("docs.trash.move")}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      {dialog}
      {dialogOpen === "duplicate" && <DuplicateDialog doc={doc} onClose={() => setDialog(null)} />}
      {dialogOpen === "move" && (
        <MoveDialog
          doc={doc}
          onClose={() => setDialog(null)}
          onMoved={(d) => {
            setDialog(null);
            onDocChange(d);
          }}
          onError={onError}
        />
      )}
    </>
  );
}

function DuplicateDialog({ doc, onClose }: { doc: Doc; onClose: () => void }) {
  const { t } = useDocsI18n();
  const [withChildren, setWithChildren] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await duplicateDoc(doc.id, withChildren);
    setBusy(false);
    if (!r.ok) return setError(describeError(r.error, t));
    onClose();
    navigate(docPath(r.data.id));
  };
  return (
    <FormDialog
      onClose={onClose}
      title={t("docs.duplicate.title", { title: shownTitle(doc, t) })}
      onSubmit={submit}
      testId="doc-duplicate-form"
      error={error}
      errorTestId="doc-duplicate-error"
      busy={busy}
      submitLabel={t("docs.duplicate")}
      submitTestId="doc-duplicate-submit"
    >
      <p className="ens-docs-help">{t("docs.duplicate.body")}</p>
      <Checkbox label={t("docs.duplicate.withChildren")} checked={withChildren} onChange={(e) => setWithChildren(e.currentTarget.checked)} />
    </FormDialog>
  );
}

const top = "";

function MoveDialog({ doc, onClose, onMoved }: { doc: Doc; onClose: () => void; onMoved: (d: Doc) => void; onError: (text: string) => void }) {
  const { t } = useDocsI18n();
  const load = useCallback((): Promise<ApiResult<Doc[]>> => listDocs("all"), []);
  const candidates = useApiResource(load);
  const [parent, setParent] = useState(doc.parent_id ?? top);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const options = [
    { value: top, label: t("docs.move.top") },
    ...(candidates.data ?? []).filter((d) => d.id !== doc.id && d.abilities.edit && !d.deleted_at).map((d) => ({ value: d.id, label: shownTitle(d, t) })),
  ];
  if (doc.parent_id && !options.some((o) => o.value === doc.parent_id)) options.push({ value: doc.parent_id, label: t("docs.move.current") });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await moveDoc(doc.id, parent === top ? null : parent, 0);
    setBusy(false);
    if (!r.ok) return setError(describeError(r.error, t));
    onMoved(r.data);
  };
  return (
    <FormDialog
      onClose={onClose}
      title={t("docs.move.title", { title: shownTitle(doc, t) })}
      onSubmit={submit}
      testId="doc-move-form"
      error={error ?? (candidates.error ? describeError(candidates.error, t) : null)}
      errorTestId="doc-move-error"
      busy={busy}
      submitLabel={t("docs.move")}
      submitTestId="doc-move-submit"
    >
      <NativeSelect label={t("docs.move.under")} value={parent} onChange={(e) => setParent(e.currentTarget.value)} data={options} data-testid="doc-move-parent" />
    </FormDialog>
  );
}
