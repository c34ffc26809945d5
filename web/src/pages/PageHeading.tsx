// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import type { ReactNode } from "react";

/** PageHeading is the band at the top of an inner page: the h1 (focused after navigation) and a lead. */
export function PageHeading({ title, lead, eyebrow, children }: { title: string; lead?: string; eyebrow?: string; children?: ReactNode }) {
  return (
    <div className="ens-page-head">
      <div className="ens-container">
        {eyebrow && <p className="ens-eyebrow">{eyebrow}</p>}
        <h1 id="ens-page-title" className="ens-page-title ens-page-title-sm" tabIndex={-1}>
          {title}
        </h1>
        {lead && <p className="ens-lead">{lead}</p>}
        {children}
      </div>
    </div>
  );
}
