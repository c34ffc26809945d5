// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Tabs } from "@mantine/core";
import { RequireUser } from "../components/RequireUser";
import { useI18n } from "../i18n/context";
import type { MessageKey } from "../i18n/languages";
import { IconList, IconLogin, IconPlug, IconUsers, IconUsersGroup } from "../icons";
import { AuditPanel } from "./AdminAudit";
import { ClientsPanel } from "./AdminClients";
import { ProvidersPanel } from "./AdminProviders";
import { AdminTeamsPanel } from "./AdminTeams";
import { UsersPanel } from "./AdminUsers";
import { adminTabFor, adminTabPath, adminTabs, type AdminTab } from "./admin-tabs";
import { navigate, usePath } from "../router";
import { PageHeading } from "./PageHeading";
import { PageTitle } from "./PageTitle";

const tabTitle = {
  users: "admin.tab.users",
  audit: "admin.tab.audit",
  clients: "admin.tab.clients",
  providers: "admin.tab.providers",
  teams: "admin.tab.teams",
} as const satisfies Record<AdminTab, MessageKey>;
const tabIcon = { users: IconUsers, audit: IconList, clients: IconPlug, providers: IconLogin, teams: IconUsersGroup } as const satisfies Record<AdminTab, unknown>;

/** Admin is the administration: users and the audit log, for administrators only. */
export function Admin() {
  const { t } = useI18n();
  const tab = adminTabFor(usePath()) ?? "users";
  return (
    <>
      <PageTitle title={`${t(tabTitle[tab])} – ${t("admin.docTitle")}`} />
      <RequireUser admin>
        {(me) => (
          <>
            <PageHeading eyebrow={t("admin.title")} title={t(tabTitle[tab])} lead={t("admin.lead")} />
            <div className="ens-container ens-admin">
              <Tabs value={tab} onChange={(v) => v && navigate(adminTabPath[v as AdminTab])} keepMounted={false} className="ens-tabs">
                <Tabs.List aria-label={t("admin.tabs")}>
                  {adminTabs.map((id) => {
                    const Icon = tabIcon[id];
                    return (
                      <Tabs.Tab key={id} value={id} leftSection={<Icon size={18} />} data-testid={`tab-${id}`}>
                        {t(tabTitle[id])}
                      </Tabs.Tab>
                    );
                  })}
                </Tabs.List>
                <Tabs.Panel value="users" pt="xl">
                  <UsersPanel me={me} />
                </Tabs.Panel>
                <Tabs.Panel value="audit" pt="xl">
                  <AuditPanel />
                </Tabs.Panel>
                <Tabs.Panel value="clients" pt="xl">
                  <ClientsPanel />
                </Tabs.Panel>
                <Tabs.Panel value="providers" pt="xl">
                  <ProvidersPanel />
                </Tabs.Panel>
                <Tabs.Panel value="teams" pt="xl">
                  <AdminTeamsPanel />
                </Tabs.Panel>
              </Tabs>
            </div>
          </>
        )}
      </RequireUser>
    </>
  );
}
