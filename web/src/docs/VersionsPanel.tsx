// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The "Versions" drawer of a document: its named and automatic versions,
// saving a named version, viewing one read-only (as Markdown), what changed
// since, and restoring one (a new edit everyone connected receives; the
// current content is saved as a version first). Its texts live here, in
// the three languages, so that the panel stays one file.
import { Badge, Button, Drawer, Group, Stack, Text, TextInput } from "@mantine/core";
import { useCallback, useState, type FormEvent } from "react";
import { apiCall, type ApiResult } from "../api/client";
import { ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { describeError, formatDateTime } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { useConfirmAction } from "../hooks/useConfirmAction";
import type { Language, Params } from "../i18n/languages";
import type { Doc } from "./api";
import { useDocsI18n } from "./i18n";
import { IconClock, IconEye, IconRestore } from "./icons";
import { shownTitle } from "./ui";
import { ChangesView, type VersionChanges } from "./VersionChanges";

export type { VersionChanges } from "./VersionChanges";

/** Version is one saved state of a document (GET /api/v1/docs/{id}/versions). */
export interface Version {
  id: string;
  name: string;
  auto: boolean;
  created_at: string;
  created_by: { id: string; name: string } | null;
}

/** VersionView is a version with its content as Markdown. */
export interface VersionView extends Version {
  markdown: string;
}

const base = (docID: string) => `/api/v1/docs/${encodeURIComponent(docID)}/versions`;

/** listVersions lists a document's versions, newest first. */
export async function listVersions(docID: string): Promise<ApiResult<Version[]>> {
  const r = await apiCall<{ versions: Version[] }>("GET", base(docID));
  return r.ok ? { ok: true, data: r.data.versions ?? [] } : r;
}

/** saveVersion saves the current content as a named version. */
export function saveVersion(docID: string, name: string): Promise<ApiResult<Version>> {
  return apiCall<Version>("POST", base(docID), { name });
}

/** getVersion reads one version with its content. */
export function getVersion(docID: string, id: string): Promise<ApiResult<VersionView>> {
  return apiCall<VersionView>("GET", `${base(docID)}/${encodeURIComponent(id)}`);
}

/** versionChanges compares a version with now. */
export function versionChanges(docID: string, id: string): Promise<ApiResult<VersionChanges>> {
  return apiCall<VersionChanges>("GET", `${base(docID)}/${encodeURIComponent(id)}/changes`);
}

/** restoreVersion makes a version the document's content again. */
export function restoreVersion(docID: string, id: string): Promise<ApiResult<{ before: Version }>> {
  return apiCall<{ before: Version }>("POST", `${base(docID)}/${encodeURIComponent(id)}/restore`);
}

const en = {
  title: "Versions of “{title}”",
  open: "Versions",
  lead: "Versions are saved automatically while the document is edited (at most every 10 minutes), and whenever someone names one.",
  name: "Name of the new version",
  namePlaceholder: "Before the meeting of 12 March",
  save: "Save a version",
  saved: "Version “{name}” saved.",
  list: "Saved versions",
  empty: "No version yet: save one, or edit the document and one will be saved automatically.",
  auto: "Automatic version",
  beforeRestore: "Before restoring “{name}”",
  autoBadge: "automatic",
  by: "by {name}",
  view: "View",
  viewOf: "View the version “{name}”",
  hide: "Hide",
  hideOf: "Hide the version “{name}”",
  content: "Content of the version “{name}” (read-only)",
  emptyContent: "This version is empty.",
  changes: "Changes since this version",
  restore: "Restore",
  restoreOf: "Restore the version “{name}”",
  restoreTitle: "Restore “{name}”?",
  restoreBody: "The document will show this version for everyone. Its current content is first saved as a version, so nothing is lost.",
  restored: "Version “{name}” restored. The previous content was saved as “{before}”.",
};
type VersionsKey = keyof typeof en;
const fr: Record<VersionsKey, string> = {
  title: "Versions de « {title} »",
  open: "Versions",
  lead: "Des versions sont enregistrées automatiquement pendant l’édition du document (au plus toutes les 10 minutes), et chaque fois que quelqu’un en nomme une.",
  name: "Nom de la nouvelle version",
  namePlaceholder: "Avant la réunion du 12 mars",
  save: "Enregistrer une version",
  saved: "Version « {name} » enregistrée.",
  list: "Versions enregistrées",
  empty: "Aucune version pour l’instant : enregistrez-en une, ou modifiez le document et une version sera enregistrée automatiquement.",
  auto: "Version automatique",
  beforeRestore: "Avant la restauration de « {name} »",
  autoBadge: "automatique",
  by: "par {name}",
  view: "Voir",
  viewOf: "Voir la version « {name} »",
  hide: "Masquer",
  hideOf: "Masquer la version « {name} »",
  content: "Contenu de la version « {name} » (lecture seule)",
  emptyContent: "Cette version est vide.",
  changes: "Modifications depuis cette version",
  restore: "Restaurer",
  restoreOf: "Restaurer la version « {name} »",
  restoreTitle: "Restaurer « {name} » ?",
  restoreBody: "Le document affichera cette version pour tout le monde. Son contenu actuel est d’abord enregistré comme version : rien n’est perdu.",
  restored: "Version « {name} » restaurée. Le contenu précédent a été enregistré sous « {before} ».",
};
const de: Record<VersionsKey, string> = {
  title: "Versionen von „{title}“",
  open: "Versionen",
  lead: "Während das Dokument bearbeitet wird, werden Versionen automatisch gespeichert (höchstens alle 10 Minuten), und immer dann, wenn jemand eine benennt.",
  name: "Name der neuen Version",
  namePlaceholder: "Vor der Sitzung am 12. März",
  save: "Version speichern",
  saved: "Version „{name}“ gespeichert.",
  list: "Gespeicherte Versionen",
  empty: "Noch keine Version: Speichern Sie eine, oder bearbeiten Sie das Dokument, dann wird automatisch eine gespeichert.",
  auto: "Automatische Version",
  beforeRestore: "Vor der Wiederherstellung von „{name}“",
  autoBadge: "automatisch",
  by: "von {name}",
  view: "Ansehen",
  viewOf: "Version „{name}“ ansehen",
  hide: "Ausblenden",
  hideOf: "Version „{name}“ ausblenden",
  content: "Inhalt der Version „{name}“ (schreibgeschützt)",
  emptyContent: "Diese Version ist leer.",
  changes: "Änderungen seit dieser Version",
  restore: "Wiederherstellen",
  restoreOf: "Version „{name}“ wiederherstellen",
  restoreTitle: "„{name}“ wiederherstellen?",
  restoreBody: "Das Dokument zeigt dann diese Version für alle. Sein aktueller Inhalt wird vorher als Version gespeichert, es geht nichts verloren.",
  restored: "Version „{name}“ wiederhergestellt. Der vorherige Inhalt wurde als „{before}“ gespeichert.",
};
/** versionsMessages holds the panel's texts in every language. */
export const versionsMessages: Record<Language, Record<VersionsKey, string>> = { en, fr, de };

function useVersionsI18n() {
  const docs = useDocsI18n();
  const v = useCallback(
    (key: VersionsKey, params?: Params) =>
      versionsMessages[docs.lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (params && name in params ? String(params[name]) : m)),
    [docs.lang],
  );
  return { ...docs, v };
}

/** The name the server gives the version it saves before a restore (in English, for every client). */
const beforeRestore = /^Before restoring “(.*)”$/s;

/** versionLabel names a version: its name (the server's "Before restoring" in the interface language), or "Automatic version". */
export function versionLabel(version: Version, v: (key: VersionsKey, params?: Params) => string): string {
  const before = beforeRestore.exec(version.name);
  if (before) return v("beforeRestore", { name: before[1] ?? "" });
  return version.name || v("auto");
}

/** VersionsButton opens the versions drawer of a document. */
export function VersionsButton({ doc }: { doc: Doc }) {
  const { v } = useVersionsI18n();
  const [open, setOpen] = useState(false);
  if (!doc.abilities.read || doc.deleted_at) return null;
  return (
    <>
      <Button variant="default" leftSection={<IconClock size={18} />} onClick={() => setOpen(true)} data-testid="doc-versions">
        {v("open")}
      </Button>
      {open && <VersionsPanel doc={doc} onClose={() => setOpen(false)} />}
    </>
  );
}

/** VersionsPanel is the drawer listing a document's versions. */
export function VersionsPanel({ doc, onClose }: { doc: Doc; onClose: () => void }) {
  const { t, v, lang } = useVersionsI18n();
  const load = useCallback(() => listVersions(doc.id), [doc.id]);
  const { data, error, reload } = useApiResource(load);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const { ask, dialog } = useConfirmAction();
  const editable = doc.abilities.edit;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const clean = name.trim();
    if (!clean) return;
    setBusy(true);
    const r = await saveVersion(doc.id, clean);
    setBusy(false);
    if (r.ok) {
      setName("");
      setNotice({ kind: "success", text: v("saved", { name: r.data.name }) });
      reload();
    } else setNotice({ kind: "error", text: describeError(r.error, t) });
  };

  const restore = (version: Version) => {
    const label = versionLabel(version, v);
    ask({
      title: v("restoreTitle", { name: label }),
      body: v("restoreBody"),
      confirm: v("restore"),
      run: async () => {
        const r = await restoreVersion(doc.id, version.id);
        if (!r.ok) return describeError(r.error, t);
        setNotice({ kind: "success", text: v("restored", { name: label, before: versionLabel(r.data.before, v) }) });
        setSelected(null);
        reload();
        return null;
      },
    });
  };

  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="lg"
      title={v("title", { title: shownTitle(doc, t) })}
      closeButtonProps={{ "aria-label": t("common.close") }}
      data-testid="versions-panel"
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {v("lead")}
        </Text>
        {notice && (
          <Notice kind={notice.kind} onClose={() => setNotice(null)} testId="versions-notice">
            {notice.text}
          </Notice>
        )}
        {editable && (
          <form onSubmit={(e) => void submit(e)}>
            <Group align="flex-end" gap="sm" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                label={v("name")}
                placeholder={v("namePlaceholder")}
                value={name}
                maxLength={200}
                required
                onChange={(e) => setName(e.currentTarget.value)}
                data-testid="versions-name"
              />
              <Button type="submit" loading={busy} disabled={!name.trim()} data-testid="versions-save">
                {v("save")}
              </Button>
            </Group>
          </form>
        )}
        <section aria-labelledby="versions-list-title">
          <Text component="h3" fw={600} size="md" id="versions-list-title" mb="xs">
            {v("list")}
          </Text>
          {!data && <ListState error={error} retry={reload} />}
          {data && data.length === 0 && (
            <Text size="sm" c="dimmed" data-testid="versions-empty">
              {v("empty")}
            </Text>
          )}
          {data && data.length > 0 && (
            <ul style={{ listStyle: "none", margin: 0, padding: 0 }} data-testid="versions-list">
              {data.map((version) => {
                const label = versionLabel(version, v);
                const open = selected === version.id;
                return (
                  <li
                    key={version.id}
                    data-testid="version-item"
                    data-auto={version.auto ? "true" : "false"}
                    style={{ borderBottom: "1px solid var(--mantine-color-default-border)", padding: "0.6rem 0" }}
                  >
                    <Group justify="space-between" wrap="nowrap" gap="sm">
                      <div style={{ minWidth: 0 }}>
                        <Text fw={version.auto ? 400 : 600} c={version.auto ? "dimmed" : undefined} truncate="end">
                          {label}{" "}
                          {version.auto && (
                            <Badge variant="light" color="gray" size="xs">
                              {v("autoBadge")}
                            </Badge>
                          )}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {formatDateTime(version.created_at, lang)}
                          {version.created_by ? ` · ${v("by", { name: version.created_by.name })}` : ""}
                        </Text>
                      </div>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="xs"
                          variant={open ? "light" : "subtle"}
                          leftSection={<IconEye size={16} />}
                          aria-label={open ? v("hideOf", { name: label }) : v("viewOf", { name: label })}
                          aria-expanded={open}
                          onClick={() => setSelected(open ? null : version.id)}
                          data-testid="version-view"
                        >
                          {open ? v("hide") : v("view")}
                        </Button>
                        {editable && (
                          <Button
                            size="xs"
                            variant="subtle"
                            leftSection={<IconRestore size={16} />}
                            aria-label={v("restoreOf", { name: label })}
                            onClick={() => restore(version)}
                            data-testid="version-restore"
                          >
                            {v("restore")}
                          </Button>
                        )}
                      </Group>
                    </Group>
                    {open && <VersionContent docID={doc.id} version={version} />}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      </Stack>
      {dialog}
    </Drawer>
  );
}

/** VersionContent shows a version read-only, and on demand what changed since. */
function VersionContent({ docID, version }: { docID: string; version: Version }) {
  const { t, v, lang } = useVersionsI18n();
  const load = useCallback(() => getVersion(docID, version.id), [docID, version.id]);
  const { data, error, reload } = useApiResource(load);
  const [changes, setChanges] = useState<VersionChanges | "loading" | { error: string } | null>(null);
  const label = versionLabel(version, v);
  const compare = async () => {
    setChanges("loading");
    const r = await versionChanges(docID, version.id);
    setChanges(r.ok ? r.data : { error: describeError(r.error, t) });
  };
  if (!data) return <ListState error={error} retry={reload} />;
  return (
    <Stack gap="xs" mt="xs">
      <pre
        role="document"
        aria-label={v("content", { name: label })}
        tabIndex={0}
        data-testid="version-content"
        style={{ whiteSpace: "pre-wrap", wordBreak: "break-word", maxHeight: "40vh", overflow: "auto", margin: 0, padding: "0.75rem", borderRadius: 6, background: "var(--mantine-color-default-hover)", fontSize: "0.875rem" }}
      >
        {data.markdown.trim() || v("emptyContent")}
      </pre>
      <div>
        <Button size="xs" variant="default" onClick={() => void compare()} loading={changes === "loading"} data-testid="version-compare">
          {v("changes")}
        </Button>
      </div>
      {changes && changes !== "loading" && "error" in changes && <Notice kind="error">{changes.error}</Notice>}
      {changes && changes !== "loading" && !("error" in changes) && <ChangesView changes={changes} lang={lang} />}
    </Stack>
  );
}
