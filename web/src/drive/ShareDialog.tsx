// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The share dialog of a file or folder, laid out like the Docs one: add a
// person by email or one of one's teams with a role, and the list of who
// has access (grants on a folder above are marked and removed there).
import { Button, Modal, NativeSelect, TextInput } from "@mantine/core";
import { useCallback, useState, type FormEvent } from "react";
import type { ApiResult } from "../api/client";
import { listMyTeams, type Team } from "../api/teams";
import { ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { describeError } from "../format";
import { useApiResource } from "../hooks/useApiResource";
import { IconTrash } from "../icons";
import { addAccess, driveRoles, listAccesses, removeAccess, type DriveRole, type Grant, type Node } from "./api";
import { useDriveI18n } from "./i18n";
import { LinksSection } from "./LinksSection";
import { roleKey } from "./ui";

const loadTeams = async (): Promise<ApiResult<Team[]>> => {
  const r = await listMyTeams();
  return r.ok ? { ok: true, data: r.data.teams ?? [] } : r;
};

/** ShareDialog manages the accesses of node. */
export function ShareDialog({ node, onClose }: { node: Node; onClose: () => void }) {
  const { t } = useDriveI18n();
  const load = useCallback((): Promise<ApiResult<Grant[]>> => listAccesses(node.id), [node.id]);
  const accesses = useApiResource(load);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const who = (g: Grant) => (g.team_id ? t("drive.share.team", { name: g.team_name ?? "" }) : g.user_name || g.user_email || "");

  return (
    <Modal opened onClose={onClose} title={t("drive.share.title", { name: node.name })} centered size="xl" closeButtonProps={{ "aria-label": t("common.close") }}>
      <div className="ens-form" data-testid="drive-share">
        <p className="ens-drive-help" style={{ marginTop: 0 }}>
          {t("drive.share.lead")}
        </p>
        {notice && (
          <Notice kind={notice.kind} onClose={() => setNotice(null)} testId="drive-share-notice">
            {notice.text}
          </Notice>
        )}
        <AddForm
          node={node}
          onAdded={(g) => {
            setNotice({ kind: "success", text: t("drive.share.added", { who: who(g), role: t(roleKey[g.role]) }) });
            void accesses.reload();
          }}
        />
        <h3 className="ens-drive-section-title">{t("drive.share.people")}</h3>
        {accesses.data === null ? (
          <ListState error={accesses.error} retry={accesses.reload} block />
        ) : accesses.data.length === 0 ? (
          <p className="ens-drive-help">{t("drive.share.nobody")}</p>
        ) : (
          <ul className="ens-drive-share-list" data-testid="drive-share-accesses">
            {accesses.data.map((g) => {
              const inherited = g.resource_id !== node.id;
              const name = who(g);
              return (
                <li key={g.id} data-testid="drive-share-access" data-email={g.user_email ?? ""}>
                  <span className="ens-drive-share-who">
                    <strong>{name}</strong>
                    <span>{inherited ? t("drive.share.inherited") : g.user_name && g.user_email ? g.user_email : "\u00a0"}</span>
                  </span>
                  <span className="ens-tag ens-tag-accent">{t(roleKey[g.role])}</span>
                  {inherited ? (
                    <span />
                  ) : (
                    <Button
                      variant="subtle"
                      color="red"
                      c="var(--ensemble-error)"
                      leftSection={<IconTrash size={16} />}
                      aria-label={t("drive.share.removeWho", { who: name })}
                      data-testid="drive-share-remove"
                      onClick={async () => {
                        const r = await removeAccess(node.id, g.id);
                        if (r.ok) {
                          setNotice({ kind: "success", text: t("drive.share.removed", { who: name }) });
                          void accesses.reload();
                        } else setNotice({ kind: "error", text: describeError(r.error, t) });
                      }}
                    >
                      {t("drive.share.remove")}
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        <LinksSection node={node} />
      </div>
    </Modal>
  );
}

function AddForm({ node, onAdded }: { node: Node; onAdded: (g: Grant) => void }) {
  const { t } = useDriveI18n();
  const teams = useApiResource(loadTeams);
  const [kind, setKind] = useState("person");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<DriveRole>("reader");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const team = teams.data?.find((tm) => tm.id === kind);
    if (!team && !/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
      setError(t("drive.share.emailInvalid"));
      return;
    }
    setBusy(true);
    const r = await addAccess(node.id, team ? { team_id: team.id } : { email: email.trim() }, role);
    setBusy(false);
    if (!r.ok) {
      setError(describeError(r.error, t));
      return;
    }
    setEmail("");
    onAdded(r.data);
  };

  const teamOptions = (teams.data ?? []).map((tm) => ({ value: tm.id, label: t("drive.share.team", { name: tm.name }) }));
  return (
    <form onSubmit={submit} className="ens-form" data-testid="drive-share-form" noValidate>
      <div className="ens-drive-share-add">
        {teamOptions.length > 0 && (
          <NativeSelect
            className="ens-drive-share-kind"
            label={t("drive.share.with")}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value)}
            data={[{ value: "person", label: t("drive.share.person") }, ...teamOptions]}
            data-testid="drive-share-kind"
          />
        )}
        {kind === "person" ? (
          <TextInput
            label={t("drive.share.email")}
            type="email"
            autoComplete="off"
            placeholder={t("drive.share.emailPlaceholder")}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            data-testid="drive-share-email"
          />
        ) : (
          <span />
        )}
        <NativeSelect label={t("drive.share.role")} value={role} onChange={(e) => setRole(e.currentTarget.value as DriveRole)} data={driveRoles.map((r) => ({ value: r, label: t(roleKey[r]) }))} data-testid="drive-share-role" />
        <Button type="submit" loading={busy} data-testid="drive-share-submit">
          {t("drive.share.submit")}
        </Button>
      </div>
      {error && (
        <Notice kind="error" testId="drive-share-error">
          {error}
        </Notice>
      )}
    </form>
  );
}
