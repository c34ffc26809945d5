// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

/** LogoMark is the Ensemble mark: stacked bars that read as an "E", on the accent blue. */
export function LogoMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false" className="ens-logo-mark">
      <rect width="32" height="32" rx="8" fill="var(--mantine-color-ensemble-7)" />
      <rect x="8" y="8" width="16" height="3.5" rx="1.75" fill="#ffffff" />
      <rect x="8" y="14.25" width="11" height="3.5" rx="1.75" fill="#ffffff" />
      <circle cx="22.25" cy="16" r="1.9" fill="#b7c6fb" />
      <rect x="8" y="20.5" width="16" height="3.5" rx="1.75" fill="#ffffff" />
    </svg>
  );
}
