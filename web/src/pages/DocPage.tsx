// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// /docs/<id>: one document — its title, breadcrumb, live editor, sub-pages,
// favourite, share dialog and menu; or, without access, a way to ask for it.
import { Button, Loader } from "@mantine/core";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { currentPath, signInPath } from "../auth";
import { ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { RequireUser } from "../components/RequireUser";
import DocEditor from "../docs/DocEditor";
import { Breadcrumb, SubPages } from "../docs/DocTree";
import { DocMenu } from "../docs/DocMenu";
import { requestAccess, restoreDoc, updateDoc, type Doc } from "../docs/api";
import { userColor } from "../docs/connection";
import { IconRestore, IconShare } from "../docs/icons";
import { SubtreeSearch } from "../docs/SearchBox";
import { ShareDialog } from "../docs/ShareDialog";
import { ConnectionBadge, FavoriteButton, Presence, roleKey, shownTitle } from "../docs/ui";
import { useCollab, type Collab } from "../docs/useCollab";
import { VersionsButton } from "../docs/VersionsPanel";
import { CommentsButton } from "../docs/CommentsPanel";
import { useDocComments } from "../docs/docComments";
import { describeError, formatDateTime } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { useDocsI18n } from "../docs/i18n";
import { loadDocRecord, preloadDoc } from "../docs/preload";
import { IconArrowLeft, IconLock } from "../icons";
import { Link } from "../router";
import { useSession } from "../session-context";
import { PageTitle } from "./PageTitle";

/** Viewer is who reads the page: a signed-in user, or a visitor following a public link. */
type Viewer = { id: string; name: string; signedIn: boolean };

/** The IndexedDB namespace of visitors (no account). */
const visitorID = "visitor";

/**
 * DocPage is /docs/<id>. Signed-in users get their role; a visitor gets
 * the document if its link is public (read-only unless the link gives
 * more), else the sign-in page.
 */
export function DocPage({ id }: { id: string }) {
  const { state } = useSession();
  // Opened from another page: start loading while the session and the page render.
  useState(() => preloadDoc(id));
  if (state.status === "signed-in") {
    const viewer = { id: state.user.id, name: state.user.name || state.user.email, signedIn: true };
    return <DocLoader id={id} viewer={viewer} />;
  }
  if (state.status === "signed-out") return <VisitorDocLoader id={id} />;
  return <RequireUser>{() => null}</RequireUser>;
}

function VisitorDocLoader({ id }: { id: string }) {
  const { t } = useDocsI18n();
  const viewer = useMemo(() => ({ id: visitorID, name: t("docs.visitor"), signedIn: false }), [t]);
  const load = useCallback(() => loadDocRecord(id), [id]);
  const { data, error } = useApiResource(load);
  const refused = error !== null && error.kind === "http" && [401, 403, 404].includes(error.status);
  useEffect(() => {
    if (refused) window.location.replace(signInPath(currentPath()));
  }, [refused]);
  if (data) return <LiveDoc key={data.id} initial={data} viewer={viewer} />;
  if (error && !refused) {
    return (
      <div className="ens-container ens-doc-page">
        <ListState error={error} retry={() => window.location.reload()} />
      </div>
    );
  }
  return (
    <div className="ens-container ens-pending" role="status">
      <Loader size="sm" />
      <span>{t(refused ? "auth.redirecting" : "common.loading")}</span>
    </div>
  );
}

function DocLoader({ id, viewer }: { id: string; viewer: Viewer }) {
  const { t } = useDocsI18n();
  const load = useCallback(() => loadDocRecord(id), [id]);
  const { data, error, reload } = useApiResource(load);
  if (data) return <LiveDoc key={data.id} initial={data} viewer={viewer} />;
  if (error?.kind === "http" && (error.status === 404 || error.status === 403)) return <NoAccess id={id} />;
  return (
    <div className="ens-container ens-doc-page">
      <PageTitle title={t("docs.title")} />
      <ListState error={error} retry={reload} />
    </div>
  );
}

/**
 * LiveDoc opens the document's replica (which waits a moment for a document
 * already on its way, see docs/preload.ts), then shows the page: it renders
 * once, with the editor and its content, rather than once without them.
 */
function LiveDoc({ initial, viewer }: { initial: Doc; viewer: Viewer }) {
  const { t } = useDocsI18n();
  const collab = useCollab(initial.id, viewer.id);
  if (collab) return <DocView initial={initial} viewer={viewer} collab={collab} />;
  return (
    <div className="ens-container ens-pending" role="status">
      <Loader size="sm" />
      <span>{t("common.loading")}</span>
    </div>
  );
}

function DocView({ initial, viewer, collab }: { initial: Doc; viewer: Viewer; collab: Collab }) {
  const { t, lang } = useDocsI18n();
  const [doc, setDoc] = useState(initial);
  const [sharing, setSharing] = useState(false);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const comments = useDocComments(doc.id, doc.abilities.read && !doc.deleted_at);
  const editable = doc.abilities.edit && !doc.deleted_at;
  const title = shownTitle(doc, t);
  const cursorColor = userColor(viewer.signedIn ? viewer.id : String(collab.doc.clientID));
  const editorUser = useMemo(() => ({ name: viewer.name, color: cursorColor }), [viewer.name, cursorColor]);

  return (
    <div className="ens-container ens-doc-page" data-testid="doc-page" data-role={doc.role ?? ""}>
      <PageTitle title={title} />
      <div className="ens-doc-bar">
        <Breadcrumb doc={doc} />
        <div className="ens-doc-bar-end">
          <Presence peers={collab.peers} />
          <ConnectionBadge state={collab.state} readOnly={!editable} />
          {viewer.signedIn && doc.abilities.share && (
            <Button variant="light" leftSection={<IconShare size={18} />} onClick={() => setSharing(true)} data-testid="doc-share">
              {t("docs.share")}
            </Button>
          )}
          {viewer.signedIn && !doc.abilities.share && (
            <Button variant="default" leftSection={<IconShare size={18} />} onClick={() => setSharing(true)} data-testid="doc-share">
              {t("docs.share.see")}
            </Button>
          )}
          <VersionsButton doc={doc} />
          <CommentsButton doc={doc} viewerID={viewer.signedIn ? viewer.id : ""} comments={comments} />
          {viewer.signedIn && (
            <>
              <FavoriteButton doc={doc} onChange={(on) => setDoc((d) => ({ ...d, is_favorite: on }))} onError={(text) => setNotice({ kind: "error", text })} />
              <DocMenu doc={doc} onDocChange={setDoc} onError={(text) => setNotice({ kind: "error", text })} />
            </>
          )}
        </div>
      </div>

      {notice && (
        <div className="ens-doc-banner">
          <Notice kind={notice.kind} onClose={() => setNotice(null)} testId="doc-notice">
            {notice.text}
          </Notice>
        </div>
      )}
      {doc.deleted_at && <TrashBanner doc={doc} onRestored={setDoc} onError={(text) => setNotice({ kind: "error", text })} />}
      {!doc.deleted_at && !doc.abilities.edit && (
        <div className="ens-doc-banner" data-testid="doc-readonly">
          <Notice kind="info">
            {viewer.signedIn ? t("docs.readOnly", { role: doc.role ? t(roleKey[doc.role]) : t("docs.role.reader") }) : t("docs.visitorReadOnly")}
          </Notice>
        </div>
      )}
      {collab.state === "denied" && (
        <div className="ens-doc-banner">
          <Notice kind="error" testId="doc-denied">
            {t("docs.conn.deniedHelp")}
          </Notice>
        </div>
      )}

      <div className="ens-doc-layout">
        <article className="ens-doc-sheet" aria-labelledby="ens-page-title">
          <h1 id="ens-page-title" className="ens-visually-hidden" tabIndex={-1}>
            {title}
          </h1>
          <TitleField doc={doc} editable={editable} onSaved={setDoc} onError={(text) => setNotice({ kind: "error", text })} />
          <DocEditor
            key={`${collab.doc.guid}:${lang}`}
            doc={collab.doc}
            provider={collab.provider}
            user={editorUser}
            editable={editable && collab.state !== "denied"}
            language={lang}
            label={t("docs.editorLabel", { title })}
            comments={comments}
          />
        </article>
        <aside className="ens-doc-side" aria-label={t("docs.side")}>
          <SubPages doc={doc} canCreate={viewer.signedIn} onError={(text) => setNotice({ kind: "error", text })} />
          {viewer.signedIn && <SubtreeSearch doc={doc} />}
          <section className="ens-card ens-doc-side-card" aria-labelledby="doc-about-title">
            <h2 id="doc-about-title" className="ens-doc-side-title">
              {t("docs.about")}
            </h2>
            <dl className="ens-doc-facts">
              <dt>{t("docs.about.role")}</dt>
              <dd data-testid="doc-my-role">{doc.role ? t(roleKey[doc.role]) : "—"}</dd>
              <dt>{t("docs.about.updated")}</dt>
              <dd>{formatDateTime(doc.updated_at, lang)}</dd>
              <dt>{t("docs.about.created")}</dt>
              <dd>{formatDateTime(doc.created_at, lang)}</dd>
            </dl>
          </section>
        </aside>
      </div>
      {sharing && <ShareDialog doc={doc} onClose={() => setSharing(false)} onDocChange={setDoc} />}
    </div>
  );
}

/** TitleField is the document's title, edited in place; saved on Enter or when it loses focus. */
function TitleField({ doc, editable, onSaved, onError }: { doc: Doc; editable: boolean; onSaved: (d: Doc) => void; onError: (text: string) => void }) {
  const { t } = useDocsI18n();
  const [value, setValue] = useState(doc.title);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => setValue(doc.title), [doc.title]);
  // A new, untitled document starts with the caret in its title.
  useEffect(() => {
    if (editable && doc.title === "") ref.current?.focus();
    // Only when the page opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // Grow with the title where CSS field-sizing is not supported.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || CSS.supports?.("field-sizing", "content")) return;
    el.style.height = "auto";
    el.style.height = `${el.scrollHeight}px`;
  }, [value]);
  const save = async () => {
    const next = value.trim();
    if (next === doc.title) return;
    const r = await updateDoc(doc.id, { title: next });
    if (r.ok) onSaved(r.data);
    else {
      onError(describeError(r.error, t));
      setValue(doc.title);
    }
  };
  return (
    <textarea
      ref={ref}
      rows={1}
      className="ens-doc-title-input"
      aria-label={t("docs.titleLabel")}
      placeholder={t("docs.untitled")}
      value={value}
      readOnly={!editable}
      maxLength={500}
      data-testid="doc-title"
      onChange={(e) => setValue(e.currentTarget.value)}
      onBlur={() => void save()}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          // Enter moves on to the content, which saves the title through blur.
          (document.querySelector(".ens-doc-editor .bn-editor") as HTMLElement | null)?.focus();
          e.currentTarget.blur();
        } else if (e.key === "Escape") {
          setValue(doc.title);
        }
      }}
    />
  );
}

function TrashBanner({ doc, onRestored, onError }: { doc: Doc; onRestored: (d: Doc) => void; onError: (text: string) => void }) {
  const { t, lang } = useDocsI18n();
  const [busy, setBusy] = useState(false);
  return (
    <div className="ens-doc-banner" data-testid="doc-trashed">
      <Notice kind="info" title={t("docs.trashed.title")}>
        <p className="ens-docs-help">{t("docs.trashed.body", { date: formatDateTime(doc.deleted_at, lang) })}</p>
        {doc.abilities.delete && (
          <Button
            mt="sm"
            variant="default"
            leftSection={<IconRestore size={18} />}
            loading={busy}
            data-testid="doc-restore"
            onClick={async () => {
              setBusy(true);
              const r = await restoreDoc(doc.id);
              setBusy(false);
              if (r.ok) onRestored(r.data);
              else onError(describeError(r.error, t));
            }}
          >
            {t("docs.restore")}
          </Button>
        )}
      </Notice>
    </div>
  );
}

/** NoAccess stands in for a document the caller cannot open: it may not exist, or they may ask for access. */
function NoAccess({ id }: { id: string }) {
  const { t } = useDocsI18n();
  const [state, setState] = useState<"idle" | "busy" | "sent" | { error: string }>("idle");
  return (
    <div className="ens-container ens-notfound" data-testid="doc-no-access">
      <PageTitle title={t("docs.noAccess.docTitle")} />
      <span className="ens-notfound-icon" aria-hidden="true">
        <IconLock size={44} />
      </span>
      <h1 id="ens-page-title" className="ens-page-title" tabIndex={-1}>
        {t("docs.noAccess.title")}
      </h1>
      <p className="ens-lead">{t("docs.noAccess.body")}</p>
      {state === "sent" ? (
        <Notice kind="success" testId="doc-access-requested">
          {t("docs.noAccess.sent")}
        </Notice>
      ) : (
        <Button
          size="md"
          mt="lg"
          loading={state === "busy"}
          data-testid="doc-ask-access"
          onClick={async () => {
            setState("busy");
            const r = await requestAccess(id, "reader");
            setState(r.ok ? "sent" : { error: describeError(r.error, t) });
          }}
        >
          {t("docs.noAccess.ask")}
        </Button>
      )}
      {typeof state === "object" && (
        <div className="ens-doc-banner">
          <Notice kind="error">{state.error}</Notice>
        </div>
      )}
      <p>
        <Link href="/docs" className="ens-back-link">
          <IconArrowLeft size={16} /> {t("docs.backToList")}
        </Link>
      </p>
    </div>
  );
}
