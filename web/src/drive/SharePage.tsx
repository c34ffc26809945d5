// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The public page of a share link, /s/<token>: the shared file with a
// download button, or the shared folder's items (folders open in place).
// It asks for the link's password when the link has one, and to sign in
// when the link is for signed-in users. An editor link of a folder also
// takes files (ShareUpload).
import "./drive.css";
import { Button, Loader, PasswordInput } from "@mantine/core";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { errorCode, type ApiError } from "../api/client";
import { signInPath } from "../auth";
import { Notice } from "../components/Notice";
import { describeError, formatDateTime, rateLimitMessage } from "../format";
import { IconDownload, IconFolder } from "../icons";
import { PageTitle } from "../pages/PageTitle";
import { formatSize } from "./format";
import { useDriveI18n } from "./i18n";
import { openShare, shareContentURL, unlockShare, type SharedItem, type SharedView } from "./links";
import { ShareUpload } from "./ShareUpload";

/** SharePage shows what link token opens. */
export function SharePage({ token }: { token: string }) {
  const { t, lang } = useDriveI18n();
  const [folder, setFolder] = useState<string | undefined>(undefined);
  const [view, setView] = useState<SharedView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    setError(null);
    const r = await openShare(token, folder);
    if (r.ok) setView(r.data);
    else {
      setView(null);
      setError(r.error);
    }
  }, [token, folder]);
  useEffect(() => {
    void load();
  }, [load]);

  const code = error ? errorCode(error) : undefined;
  const status = error?.kind === "http" ? error.status : 0;
  let body;
  if (code === "password_required") {
    body = <PasswordForm token={token} onUnlocked={() => void load()} />;
  } else if (status === 401) {
    body = (
      <>
        <Notice kind="info" testId="share-sign-in">
          {t("drive.share.page.signIn")}
        </Notice>
        <Button component="a" href={signInPath(`/s/${encodeURIComponent(token)}`)} mt="md">
          {t("drive.share.page.signInButton")}
        </Button>
      </>
    );
  } else if (status === 410 || status === 404) {
    body = (
      <Notice kind="error" testId="share-gone">
        {t(status === 410 ? "drive.share.page.expired" : "drive.share.page.notFound")}
      </Notice>
    );
  } else if (error) {
    body = (
      <>
        <Notice kind="error">{describeError(error, t)}</Notice>
        <Button variant="default" mt="md" onClick={() => void load()}>
          {t("common.retry")}
        </Button>
      </>
    );
  } else if (!view) {
    body = (
      <p className="ens-pending-inline" role="status">
        <Loader size="xs" /> {t("common.loading")}
      </p>
    );
  } else {
    const item = view.item;
    const download = (n: SharedItem) => shareContentURL(token, folder || n.id !== item.id ? n.id : undefined);
    body = (
      <>
        <p className="ens-auth-lead">{t("drive.share.page.lead")}</p>
        {view.expires_at && <p className="ens-drive-help">{t("drive.share.page.until", { date: formatDateTime(view.expires_at, lang) })}</p>}
        {folder && (
          <Button variant="subtle" onClick={() => setFolder(undefined)} data-testid="share-up">
            {t("drive.share.page.up")}
          </Button>
        )}
        {!item.is_dir ? (
          <div data-testid="share-file">
            <p>
              <strong className="ens-break">{item.name}</strong> · {formatSize(item.size, lang)}
            </p>
            <Button component="a" href={download(item)} leftSection={<IconDownload size={18} />} data-testid="share-download">
              {t("drive.share.page.download")}
            </Button>
          </div>
        ) : view.items.length === 0 ? (
          <p className="ens-drive-help">{t("drive.share.page.empty")}</p>
        ) : (
          <ul className="ens-drive-share-list" data-testid="share-items" aria-label={item.name}>
            {view.items.map((n) => (
              <li key={n.id} data-testid="share-item">
                <span className="ens-drive-share-who">
                  <strong className="ens-break">{n.name}</strong>
                  <span>{n.is_dir ? "\u00a0" : formatSize(n.size, lang)}</span>
                </span>
                <span />
                {n.is_dir ? (
                  <Button variant="default" leftSection={<IconFolder size={16} />} aria-label={t("drive.share.page.open", { name: n.name })} onClick={() => setFolder(n.id)}>
                    {n.name}
                  </Button>
                ) : (
                  <Button component="a" variant="default" href={download(n)} leftSection={<IconDownload size={16} />} aria-label={t("drive.share.page.downloadName", { name: n.name })}>
                    {t("drive.share.page.download")}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        {item.is_dir && view.can_upload && <ShareUpload token={token} folderID={folder} folderName={item.name} onUploaded={() => void load()} />}
      </>
    );
  }

  return (
    <div className="ens-auth-page">
      <PageTitle title={view?.item.name || t("drive.share.page.docTitle")} />
      <div className="ens-auth-card ens-card" data-testid="share-page">
        <h1 id="ens-page-title" className="ens-auth-title ens-break" tabIndex={-1}>
          {view?.item.name || t("drive.share.page.docTitle")}
        </h1>
        {body}
      </div>
    </div>
  );
}

function PasswordForm({ token, onUnlocked }: { token: string; onUnlocked: () => void }) {
  const { t } = useDriveI18n();
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await unlockShare(token, password);
    setBusy(false);
    if (r.ok) {
      onUnlocked();
      return;
    }
    const code = errorCode(r.error);
    if (code === "wrong_password") setError(t("drive.share.page.wrongPassword"));
    else if (r.error.kind === "http" && r.error.status === 429) setError(rateLimitMessage(r.error.retryAfter, t));
    else setError(describeError(r.error, t));
  };

  return (
    <form onSubmit={submit} className="ens-form" data-testid="share-password-form" noValidate>
      <h2 className="ens-drive-section-title">{t("drive.share.page.passwordTitle")}</h2>
      <p className="ens-drive-help">{t("drive.share.page.passwordLead")}</p>
      <PasswordInput label={t("drive.share.page.password")} autoComplete="off" value={password} onChange={(e) => setPassword(e.currentTarget.value)} data-testid="share-password" />
      {error && (
        <Notice kind="error" testId="share-password-error">
          {error}
        </Notice>
      )}
      <Button type="submit" loading={busy} mt="md" data-testid="share-unlock">
        {t("drive.share.page.unlock")}
      </Button>
    </form>
  );
}
