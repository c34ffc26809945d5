// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import type { ReactNode } from "react";

/** Section is one titled card of a page (the account page, a team's page). */
export function Section({ id, icon, title, lead, children }: { id: string; icon: ReactNode; title: string; lead?: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="ens-card ens-section-card" data-testid={`section-${id}`}>
      <header className="ens-section-card-head">
        <span className="ens-section-card-icon" aria-hidden="true">
          {icon}
        </span>
        <div>
          <h2 id={`${id}-title`} className="ens-section-card-title">
            {title}
          </h2>
          {lead && <p className="ens-section-card-lead">{lead}</p>}
        </div>
      </header>
      {children}
    </section>
  );
}
