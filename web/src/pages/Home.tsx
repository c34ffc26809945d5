// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import type { ReactNode } from "react";
import { useI18n } from "../i18n/context";
import { IconCode, IconLayers, IconPlug, IconShield } from "../icons";
import { presentModule } from "../modules";
import { useShell } from "../shell-context";
import { ServerStatus } from "../components/ServerStatus";
import { PageTitle } from "./PageTitle";

/** Home is the landing page: what Ensemble is, the user's apps, and the server's state. */
export function Home() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle />
      <section className="ens-hero" aria-labelledby="ens-page-title">
        <div className="ens-container ens-hero-grid">
          <div className="ens-hero-text">
            <h1 id="ens-page-title" className="ens-page-title" tabIndex={-1}>
              {t("home.title")}
            </h1>
            <p className="ens-lead">{t("home.lead")}</p>
          </div>
          <ServerStatus />
        </div>
      </section>

      <div className="ens-container ens-sections">
        <Apps />
        <section aria-labelledby="ens-pillars-title">
          <h2 id="ens-pillars-title" className="ens-section-title">
            {t("home.pillars.title")}
          </h2>
          <ul className="ens-pillars">
            <Pillar icon={<IconShield size={26} />} title={t("home.pillar.sovereign.title")} body={t("home.pillar.sovereign.body")} />
            <Pillar icon={<IconCode size={26} />} title={t("home.pillar.open.title")} body={t("home.pillar.open.body")} />
            <Pillar icon={<IconLayers size={26} />} title={t("home.pillar.together.title")} body={t("home.pillar.together.body")} />
          </ul>
        </section>
      </div>
    </>
  );
}

function Pillar({ icon, title, body }: { icon: ReactNode; title: string; body: string }) {
  return (
    <li className="ens-card ens-pillar">
      <span className="ens-pillar-icon" aria-hidden="true">
        {icon}
      </span>
      <h3 className="ens-pillar-title">{title}</h3>
      <p className="ens-pillar-body">{body}</p>
    </li>
  );
}

function Apps() {
  const { t } = useI18n();
  const { state } = useShell();
  const modules = state.status === "ready" ? state.shell.modules.map((m) => presentModule(m, t)) : [];
  return (
    <section aria-labelledby="ens-apps-title" data-testid="apps">
      <h2 id="ens-apps-title" className="ens-section-title">
        {t("home.apps.title")}
      </h2>
      {modules.length > 0 ? (
        <ul className="ens-apps">
          {modules.map((m) => (
            <li key={m.id}>
              <a href={m.path} className="ens-card ens-app">
                <span className="ens-app-icon" aria-hidden="true">
                  <m.Icon size={26} />
                </span>
                <span className="ens-app-name">{m.name}</span>
                <span className="ens-app-description">{m.description}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <div className="ens-empty" data-testid="apps-empty">
          <span className="ens-empty-icon" aria-hidden="true">
            <IconPlug size={30} />
          </span>
          <div>
            <h3 className="ens-empty-title">{t("home.apps.emptyTitle")}</h3>
            <p className="ens-empty-body">{t("home.apps.emptyBody")}</p>
          </div>
        </div>
      )}
    </section>
  );
}
