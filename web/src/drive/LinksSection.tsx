// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The share links part of the share dialog: make a link (who may open it,
// an optional end date, download limit and password), copy it once, and
// the list of the item's links with their use, each with a delete button.
import { Button, NativeSelect, PasswordInput, TextInput } from "@mantine/core";
import { useCallback, useState, type FormEvent } from "react";
import type { ApiResult } from "../api/client";
import { ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { describeError, formatDate } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import type { Language } from "../i18n/languages";
import { IconTrash } from "../icons";
import type { Node } from "./api";
import { useDriveI18n, type DriveT } from "./i18n";
import { createLink, deleteLink, linkURL, listLinks, type LinkReach, type LinkRole, type ShareLink } from "./links";

/** LinksSection lists and manages the share links of node. */
export function LinksSection({ node }: { node: Node }) {
  const { t, lang } = useDriveI18n();
  const load = useCallback((): Promise<ApiResult<ShareLink[]>> => listLinks(node.id), [node.id]);
  const links = useApiResource(load);
  const [fresh, setFresh] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setNotice({ kind: "success", text: t("drive.links.copied") });
    } catch (err) {
      setNotice({ kind: "error", text: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <section aria-labelledby="drive-links-title" data-testid="drive-links">
      <h3 id="drive-links-title" className="ens-drive-section-title">
        {t("drive.links.title")}
      </h3>
      <p className="ens-drive-help">{t("drive.links.lead")}</p>
      {notice && (
        <Notice kind={notice.kind} onClose={() => setNotice(null)} testId="drive-links-notice">
          {notice.text}
        </Notice>
      )}
      <NewLinkForm
        node={node}
        onCreated={(l) => {
          setFresh(l.token ? linkURL(l.token) : null);
          setNotice({ kind: "success", text: t("drive.links.created") });
          void links.reload();
        }}
      />
      {fresh && (
        <div className="ens-drive-share-add" data-testid="drive-links-fresh">
          <TextInput label={t("drive.links.url")} value={fresh} readOnly onFocus={(e) => e.currentTarget.select()} data-testid="drive-links-url" />
          <Button variant="default" onClick={() => void copy(fresh)} data-testid="drive-links-copy">
            {t("drive.links.copy")}
          </Button>
        </div>
      )}
      {links.data === null ? (
        <ListState error={links.error} retry={links.reload} block />
      ) : links.data.length === 0 ? (
        <p className="ens-drive-help">{t("drive.links.none")}</p>
      ) : (
        <ul className="ens-drive-share-list" data-testid="drive-links-list">
          {links.data.map((l) => {
            const created = formatDate(l.created_at, lang);
            return (
              <li key={l.id} data-testid="drive-link">
                <span className="ens-drive-share-who">
                  <strong>{t(l.reach === "public" ? "drive.links.reach.public" : "drive.links.reach.authenticated")}</strong>
                  <span>{describeLink(l, t, lang)}</span>
                </span>
                <span />
                <Button
                  variant="subtle"
                  color="red"
                  c="var(--ensemble-error)"
                  leftSection={<IconTrash size={16} />}
                  aria-label={t("drive.links.deleteWhich", { date: created })}
                  data-testid="drive-link-delete"
                  onClick={async () => {
                    const r = await deleteLink(node.id, l.id);
                    if (r.ok) {
                      setNotice({ kind: "success", text: t("drive.links.deleted") });
                      void links.reload();
                    } else setNotice({ kind: "error", text: describeError(r.error, t) });
                  }}
                >
                  {t("drive.links.delete")}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** describeLink sums up a link: when it was made, its use and its limits. */
function describeLink(l: ShareLink, t: DriveT, lang: Language): string {
  const parts = [t("drive.links.createdOn", { date: formatDate(l.created_at, lang) })];
  parts.push(l.max_downloads ? t("drive.links.downloadsOf", { count: l.downloads, max: l.max_downloads }) : t("drive.links.downloads", { count: l.downloads }));
  if (l.expires_at) parts.push(t("drive.links.until", { date: formatDate(l.expires_at, lang) }));
  if (l.has_password) parts.push(t("drive.links.withPassword"));
  if (l.role === "editor") parts.push(t("drive.links.canUpload"));
  return parts.join(" · ");
}

function NewLinkForm({ node, onCreated }: { node: Node; onCreated: (l: ShareLink) => void }) {
  const { t } = useDriveI18n();
  const [reach, setReach] = useState<LinkReach>("public");
  const [role, setRole] = useState<LinkRole>("reader");
  const [expires, setExpires] = useState("");
  const [max, setMax] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    let maxDownloads: number | null = null;
    if (max.trim() !== "") {
      maxDownloads = Number(max);
      if (!Number.isInteger(maxDownloads) || maxDownloads < 1) {
        setError(t("drive.links.invalidMax"));
        return;
      }
    }
    let expiresAt: string | null = null;
    if (expires !== "") {
      // The link works until the end of the chosen day, local time.
      const end = new Date(`${expires}T23:59:59`);
      if (Number.isNaN(end.getTime()) || end.getTime() <= Date.now()) {
        setError(t("drive.links.invalidDate"));
        return;
      }
      expiresAt = end.toISOString();
    }
    setBusy(true);
    const r = await createLink(node.id, { reach, role: node.is_dir ? role : "reader", expires_at: expiresAt, max_downloads: maxDownloads, password });
    setBusy(false);
    if (!r.ok) {
      setError(describeError(r.error, t));
      return;
    }
    setPassword("");
    onCreated(r.data);
  };

  return (
    <form onSubmit={submit} className="ens-form" data-testid="drive-links-form" noValidate>
      <div className="ens-drive-share-add">
        {node.is_dir && (
          <NativeSelect
            className="ens-drive-share-kind"
            label={t("drive.links.role")}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as LinkRole)}
            data={[
              { value: "reader", label: t("drive.links.role.reader") },
              { value: "editor", label: t("drive.links.role.editor") },
            ]}
            data-testid="drive-links-role"
          />
        )}
        <NativeSelect
          label={t("drive.links.reach")}
          value={reach}
          onChange={(e) => setReach(e.currentTarget.value as LinkReach)}
          data={[
            { value: "public", label: t("drive.links.reach.public") },
            { value: "authenticated", label: t("drive.links.reach.authenticated") },
          ]}
          data-testid="drive-links-reach"
        />
        <TextInput label={t("drive.links.expires")} type="date" value={expires} onChange={(e) => setExpires(e.currentTarget.value)} data-testid="drive-links-expires" />
        <TextInput label={t("drive.links.maxDownloads")} type="number" min={1} step={1} value={max} onChange={(e) => setMax(e.currentTarget.value)} data-testid="drive-links-max" />
        <PasswordInput label={t("drive.links.password")} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} data-testid="drive-links-password" />
        <Button type="submit" loading={busy} data-testid="drive-links-submit">
          {t("drive.links.create")}
        </Button>
      </div>
      {error && (
        <Notice kind="error" testId="drive-links-error">
          {error}
        </Notice>
      )}
    </form>
  );
}
