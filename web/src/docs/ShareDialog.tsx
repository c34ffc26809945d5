// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The share dialog: who has access (people and teams, with their role,
// inherited grants marked), adding someone by email or a team, the link's
// reach and role, the link to copy, and pending requests for access.
import { Button, Modal, NativeSelect, TextInput } from "@mantine/core";
import { useCallback, useState, type FormEvent } from "react";
import type { ApiResult } from "../api/client";
import { listMyTeams, type Team } from "../api/teams";
import { CopyField } from "../components/CopyField";
import { ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { describeError } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { useDocsI18n } from "./i18n";
import { IconTrash } from "../icons";
import {
  acceptAccessRequest,
  addAccess,
  declineAccessRequest,
  listAccesses,
  listAccessRequests,
  ownerCount,
  removeAccess,
  setAccessRole,
  sortAccesses,
  updateDoc,
  type Access,
  type AccessRequest,
  type Doc,
} from "./api";
import { assignableRoles, linkReaches, linkRoles, type DocRole, type LinkReach, type LinkRole } from "./roles";
import { docPath, reachKey, roleKey, shownTitle } from "./ui";

/** ShareDialog manages the accesses of doc; onDocChange receives the document after a link setting changed. */
export function ShareDialog({ doc, onClose, onDocChange }: { doc: Doc; onClose: () => void; onDocChange: (d: Doc) => void }) {
  const { t } = useDocsI18n();
  const canShare = doc.abilities.share;
  const load = useCallback(async (): Promise<ApiResult<Access[]>> => {
    const r = await listAccesses(doc.id);
    return r.ok ? { ok: true, data: sortAccesses(r.data) } : r;
  }, [doc.id]);
  const accesses = useApiResource(load);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const [invite, setInvite] = useState<{ email: string; url: string } | null>(null);

  return (
    <Modal opened onClose={onClose} title={t("docs.share.title", { title: shownTitle(doc, t) })} centered size="xl" closeButtonProps={{ "aria-label": t("common.close") }}>
      <div data-testid="share-dialog" className="ens-form">
        {notice && (
          <Notice kind={notice.kind} onClose={() => setNotice(null)} testId="share-notice">
            {notice.text}
          </Notice>
        )}
        {canShare && (
          <AddAccessForm
            doc={doc}
            onAdded={(text, inv) => {
              setNotice({ kind: "success", text });
              setInvite(inv);
              void accesses.reload();
            }}
          />
        )}
        {invite && <CopyField label={t("docs.share.inviteLink", { email: invite.email })} value={invite.url} description={t("docs.share.inviteHelp")} testId="share-invite-link" />}

        <h3 className="ens-share-section-title">{t("docs.share.people")}</h3>
        {accesses.data === null ? (
          <ListState error={accesses.error} retry={accesses.reload} block />
        ) : (
          <AccessList
            doc={doc}
            accesses={accesses.data}
            onChanged={(text) => {
              setNotice(text ? { kind: "success", text } : null);
              void accesses.reload();
            }}
            onError={(text) => setNotice({ kind: "error", text })}
          />
        )}

        {canShare && <RequestList doc={doc} onChanged={() => void accesses.reload()} onError={(text) => setNotice({ kind: "error", text })} />}

        <h3 className="ens-share-section-title">{t("docs.share.link")}</h3>
        <LinkSettings doc={doc} onDocChange={onDocChange} onError={(text) => setNotice({ kind: "error", text })} />
        <CopyField label={t("docs.share.copyLink")} value={new URL(docPath(doc.id), window.location.origin).href} description={t(linkHelpKey(doc.link_reach))} testId="share-link" />
      </div>
    </Modal>
  );
}

function linkHelpKey(reach: LinkReach) {
  return reach === "public" ? "docs.share.linkHelpPublic" : reach === "authenticated" ? "docs.share.linkHelpAuthenticated" : "docs.share.linkHelpRestricted";
}

function AddAccessForm({ doc, onAdded }: { doc: Doc; onAdded: (text: string, invitation: { email: string; url: string } | null) => void }) {
  const { t } = useDocsI18n();
  const teams = useApiResource(loadTeams);
  const roles = assignableRoles(doc.role);
  const [kind, setKind] = useState("person");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<DocRole>("editor");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const team = teams.data?.find((tm) => tm.id === kind);
    if (!team && !/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
      setError(t("docs.share.emailInvalid"));
      return;
    }
    setBusy(true);
    const r = await addAccess(doc.id, team ? { team_id: team.id } : { email: email.trim() }, role);
    setBusy(false);
    if (!r.ok) {
      setError(describeError(r.error, t));
      return;
    }
    setEmail("");
    if (r.data.kind === "invitation") {
      onAdded(t(r.data.invitation.sent ? "docs.share.invitedSent" : "docs.share.invited", { email: r.data.invitation.email }), { email: r.data.invitation.email, url: r.data.invitation.url });
    } else {
      const a = r.data.access;
      onAdded(t("docs.share.added", { who: a.user?.name || a.user?.email || a.team?.name || "", role: t(roleKey[a.role]) }), null);
    }
  };

  const teamOptions = (teams.data ?? []).map((tm) => ({ value: tm.id, label: t("docs.share.team", { name: tm.name }) }));
  return (
    <form onSubmit={submit} className="ens-form" data-testid="share-form" noValidate>
      <div className={teamOptions.length > 0 ? "ens-share-add ens-share-add-teams" : "ens-share-add"}>
        {teamOptions.length > 0 ? (
          <NativeSelect
            label={t("docs.share.with")}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value)}
            data={[{ value: "person", label: t("docs.share.person") }, ...teamOptions]}
            data-testid="share-kind"
          />
        ) : null}
        {kind === "person" ? (
          <TextInput
            label={t("docs.share.email")}
            type="email"
            autoComplete="off"
            placeholder={t("docs.share.emailPlaceholder")}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            data-testid="share-email"
          />
        ) : (
          <span />
        )}
        <NativeSelect label={t("docs.share.role")} value={role} onChange={(e) => setRole(e.currentTarget.value as DocRole)} data={roles.map((r) => ({ value: r, label: t(roleKey[r]) }))} data-testid="share-role" />
        <Button type="submit" loading={busy} data-testid="share-submit">
          {t("docs.share.submit")}
        </Button>
      </div>
      {error && (
        <Notice kind="error" testId="share-error">
          {error}
        </Notice>
      )}
    </form>
  );
}

const loadTeams = async (): Promise<ApiResult<Team[]>> => {
  const r = await listMyTeams();
  return r.ok ? { ok: true, data: r.data.teams ?? [] } : r;
};

function AccessList({ doc, accesses, onChanged, onError }: { doc: Doc; accesses: Access[]; onChanged: (text: string | null) => void; onError: (text: string) => void }) {
  const { t } = useDocsI18n();
  const roles = assignableRoles(doc.role);
  const owners = ownerCount(accesses);
  if (accesses.length === 0) return <p className="ens-doc-side-empty">{t("docs.share.nobody")}</p>;
  return (
    <ul className="ens-share-list" data-testid="share-accesses">
      {accesses.map((a) => {
        const who = a.user ? a.user.name || a.user.email : (a.team?.name ?? "");
        const lastOwner = a.role === "owner" && owners <= 1;
        const editable = doc.abilities.share && a.inherited_from === null && !lastOwner && roles.includes(a.role);
        return (
          <li key={a.id} className="ens-share-row" data-testid="share-access" data-email={a.user?.email ?? ""} data-team={a.team?.name ?? ""}>
            <span className="ens-share-who">
              <strong>{a.team ? t("docs.share.team", { name: who }) : who}</strong>
              <span>{a.inherited_from ? t("docs.share.inherited") : a.user?.email && a.user.name ? a.user.email : "\u00a0"}</span>
            </span>
            {editable ? (
              <NativeSelect
                aria-label={t("docs.share.roleOf", { who })}
                value={a.role}
                data={roles.map((r) => ({ value: r, label: t(roleKey[r]) }))}
                data-testid="share-access-role"
                onChange={async (e) => {
                  const role = e.currentTarget.value as DocRole;
                  const r = await setAccessRole(doc.id, a.id, role);
                  if (r.ok) onChanged(t("docs.share.roleChanged", { who, role: t(roleKey[role]) }));
                  else onError(describeError(r.error, t));
                }}
              />
            ) : (
              <span className="ens-tag ens-tag-accent">{t(roleKey[a.role])}</span>
            )}
            {editable ? (
              <Button
                variant="default"
                leftSection={<IconTrash size={16} />}
                aria-label={t("docs.share.removeWho", { who })}
                data-testid="share-access-remove"
                onClick={async () => {
                  const r = await removeAccess(doc.id, a.id);
                  if (r.ok) onChanged(t("docs.share.removed", { who }));
                  else onError(describeError(r.error, t));
                }}
              >
                {t("docs.share.remove")}
              </Button>
            ) : (
              <span />
            )}
          </li>
        );
      })}
    </ul>
  );
}

function RequestList({ doc, onChanged, onError }: { doc: Doc; onChanged: () => void; onError: (text: string) => void }) {
  const { t } = useDocsI18n();
  const load = useCallback(async (): Promise<ApiResult<AccessRequest[]>> => {
    const r = await listAccessRequests(doc.id);
    return r.ok ? { ok: true, data: r.data.requests ?? [] } : r;
  }, [doc.id]);
  const requests = useApiResource(load);
  // Requests are an addition: a server without the route, or an error, shows nothing here.
  if (!requests.data || requests.data.length === 0) return null;
  return (
    <>
      <h3 className="ens-share-section-title">{t("docs.share.requests")}</h3>
      <ul className="ens-share-list" data-testid="share-requests">
        {requests.data.map((rq) => (
          <li key={rq.id} className="ens-share-row" data-testid="share-request" data-email={rq.user.email}>
            <span className="ens-share-who">
              <strong>{rq.user.name || rq.user.email}</strong>
              <span>{t("docs.share.asks", { role: t(roleKey[rq.role] ?? "docs.role.reader") })}</span>
            </span>
            <Button
              variant="light"
              data-testid="share-request-accept"
              onClick={async () => {
                const r = await acceptAccessRequest(doc.id, rq.id);
                if (!r.ok) onError(describeError(r.error, t));
                void requests.reload();
                onChanged();
              }}
            >
              {t("docs.share.accept")}
            </Button>
            <Button
              variant="default"
              data-testid="share-request-decline"
              onClick={async () => {
                const r = await declineAccessRequest(doc.id, rq.id);
                if (!r.ok) onError(describeError(r.error, t));
                void requests.reload();
              }}
            >
              {t("docs.share.decline")}
            </Button>
          </li>
        ))}
      </ul>
    </>
  );
}

function LinkSettings({ doc, onDocChange, onError }: { doc: Doc; onDocChange: (d: Doc) => void; onError: (text: string) => void }) {
  const { t } = useDocsI18n();
  const [busy, setBusy] = useState(false);
  const save = async (patch: { link_reach?: LinkReach; link_role?: LinkRole }) => {
    setBusy(true);
    const r = await updateDoc(doc.id, patch);
    setBusy(false);
    if (r.ok) onDocChange(r.data);
    else onError(describeError(r.error, t));
  };
  return (
    <div className="ens-share-link">
      <NativeSelect
        label={t("docs.share.reach")}
        value={doc.link_reach}
        disabled={!doc.abilities.share || busy}
        data={linkReaches.map((r) => ({ value: r, label: t(reachKey[r]) }))}
        onChange={(e) => void save({ link_reach: e.currentTarget.value as LinkReach })}
        data-testid="share-reach"
      />
      <NativeSelect
        label={t("docs.share.linkRole")}
        value={doc.link_role}
        disabled={!doc.abilities.share || busy || doc.link_reach === "restricted"}
        data={linkRoles.map((r) => ({ value: r, label: t(roleKey[r]) }))}
        onChange={(e) => void save({ link_role: e.currentTarget.value as LinkRole })}
        data-testid="share-link-role"
      />
    </div>
  );
}
