// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Icons only the Docs module uses, drawn like the shell's (24×24 strokes).
import type { SVGProps } from "react";

type IconProps = SVGProps<SVGSVGElement> & { size?: number | string };

function make(name: string, d: string) {
  function Icon({ size = 20, ...props }: IconProps) {
    return (
      <svg xmlns="http://www.w3.org/2000/svg" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...props}>
        <path d={d} />
      </svg>
    );
  }
  Icon.displayName = name;
  return Icon;
}

export const IconStar = make("IconStar", "M12 17.75l-6.172 3.245l1.179-6.873l-5-4.867l6.9-1l3.086-6.253l3.086 6.253l6.9 1l-5 4.867l1.179 6.873z");
export const IconShare = make("IconShare", "M6 12a3 3 0 1 0 0 .01M18 6a3 3 0 1 0 0 .01M18 18a3 3 0 1 0 0 .01M8.7 10.7l6.6-3.4M8.7 13.3l6.6 3.4");
export const IconClock = make("IconClock", "M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18M12 7v5l3 3");
export const IconPrinter = make("IconPrinter", "M17 17h2a2 2 0 0 0 2-2v-4a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v4a2 2 0 0 0 2 2h2M17 9V5a2 2 0 0 0-2-2H9a2 2 0 0 0-2 2v4M7 15a2 2 0 0 1 2-2h6a2 2 0 0 1 2 2v4a2 2 0 0 1-2 2H9a2 2 0 0 1-2-2z");
export const IconRestore = make("IconRestore", "M3.06 13a9 9 0 1 0 .49-4.087M3 4.001v5h5M12 8v4l2 2");
export const IconMove = make("IconMove", "M9 20h-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h4l2 2h7a2 2 0 0 1 2 2v2M13 17h8M18 14l3 3l-3 3");
export const IconLink = make("IconLink", "M9 15l6-6M11 6l.463-.536a5 5 0 0 1 7.071 7.072L18 13M13 18l-.397.534a5.07 5.07 0 0 1-7.127 0a4.97 4.97 0 0 1 0-7.071L6 11");
export const IconFiles = make("IconFiles", "M15 3v4a1 1 0 0 0 1 1h4M18 17h-7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4l5 5v7a2 2 0 0 1-2 2M16 17v2a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V9a2 2 0 0 1 2-2h2");
export const IconEye = make("IconEye", "M10 12a2 2 0 1 0 4 0a2 2 0 0 0-4 0M21 12c-2.4 4-5.4 6-9 6s-6.6-2-9-6c2.4-4 5.4-6 9-6s6.6 2 9 6");
export const IconInfoCircle = make("IconInfoCircle", "M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18M12 8h.01M11 12h1v4h1");
export const IconAlertTriangle = make("IconAlertTriangle", "M12 9v4M10.363 3.591l-8.106 13.534a1.914 1.914 0 0 0 1.636 2.871h16.214a1.914 1.914 0 0 0 1.636-2.87L13.637 3.59a1.914 1.914 0 0 0-3.274 0zM12 16h.01");
export const IconCircleCheck = make("IconCircleCheck", "M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18M9 12l2 2l4-4");
export const IconAlertOctagon = make("IconAlertOctagon", "M12.802 2.165l5.575 2.389c.48.206.863.589 1.07 1.07l2.388 5.574c.22.512.22 1.092 0 1.604l-2.389 5.575c-.206.48-.589.863-1.07 1.07l-5.574 2.388c-.512.22-1.092.22-1.604 0l-5.575-2.389a2.04 2.04 0 0 1-1.07-1.07l-2.388-5.574a2.04 2.04 0 0 1 0-1.604l2.389-5.575c.206-.48.589-.863 1.07-1.07l5.574-2.388a2.04 2.04 0 0 1 1.604 0zM12 8v4M12 16h.01");
