// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Icons only the Drive module uses, drawn like the shell's (24×24 strokes,
// in the style of Tabler Icons, MIT), and the icon of each kind of file.
import type { SVGProps } from "react";
import { IconDoc, IconFolder, IconTable } from "../icons";
import type { FileKind } from "./format";

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

export const IconUpload = make("IconUpload", "M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2M7 9l5-5l5 5M12 4v12");
export const IconFolderPlus = make("IconFolderPlus", "M12 19H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h4l3 3h7a2 2 0 0 1 2 2v3.5M16 19h6M19 16v6");
export const IconGrid = make("IconGrid", "M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h6v6h-6z");
export const IconRows = make("IconRows", "M4 6h16M4 12h16M4 18h16");
export const IconSortUp = make("IconSortUp", "M12 5v14M6 11l6-6l6 6");
export const IconSortDown = make("IconSortDown", "M12 5v14M18 13l-6 6l-6-6");
export const IconShare = make("IconShare", "M6 12a3 3 0 1 0 0 .01M18 6a3 3 0 1 0 0 .01M18 18a3 3 0 1 0 0 .01M8.7 10.7l6.6-3.4M8.7 13.3l6.6 3.4");
export const IconRestore = make("IconRestore", "M3.06 13a9 9 0 1 0 .49-4.087M3 4.001v5h5M12 8v4l2 2");
export const IconHistory = make("IconHistory", "M12 8v4l2 2M3.05 11a9 9 0 1 1 .5 4m-.5 5v-5h5");
export const IconMove = make("IconMove", "M9 20h-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h4l2 2h7a2 2 0 0 1 2 2v2M13 17h8M18 14l3 3l-3 3");
export const IconEye = make("IconEye", "M10 12a2 2 0 1 0 4 0a2 2 0 0 0-4 0M21 12c-2.4 4-5.4 6-9 6s-6.6-2-9-6c2.4-4 5.4-6 9-6s6.6 2 9 6");
export const IconChevronLeft = make("IconChevronLeft", "M15 6l-6 6l6 6");
export const IconChevronRight = make("IconChevronRight", "M9 6l6 6l-6 6");
export const IconArrowUp = make("IconArrowUp", "M12 5v14M18 11l-6-6M6 11l6-6");
export const IconCloud = make("IconCloud", "M6.657 18C4.085 18 2 15.993 2 13.517c0-2.475 2.085-4.482 4.657-4.482c.393-1.762 1.794-3.2 3.675-3.773c1.88-.572 3.956-.193 5.444 1c1.488 1.19 2.162 3.007 1.77 4.769h.99c1.913 0 3.464 1.56 3.464 3.486c0 1.927-1.551 3.487-3.465 3.487H6.657");
const IconPhoto = make("IconPhoto", "M15 8h.01M3 6a3 3 0 0 1 3-3h12a3 3 0 0 1 3 3v12a3 3 0 0 1-3 3H6a3 3 0 0 1-3-3zM3 16l5-5c.928-.893 2.072-.893 3 0l5 5M14 14l1-1c.928-.893 2.072-.893 3 0l3 3");
const IconPdf = make("IconPdf", "M14 3v4a1 1 0 0 0 1 1h4M5 12V5a2 2 0 0 1 2-2h7l5 5v4M5 18h1.5a1.5 1.5 0 0 0 0-3H5v6M17 18h2M20 15h-3v6M11 15v6h1a2 2 0 0 0 2-2v-2a2 2 0 0 0-2-2z");
const IconMusic = make("IconMusic", "M3 17a3 3 0 1 0 6 0a3 3 0 0 0-6 0M13 17a3 3 0 1 0 6 0a3 3 0 0 0-6 0M9 17V4h10v13M9 8h10");
const IconMovie = make("IconMovie", "M4 6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2zM8 4v16M16 4v16M4 8h4M4 16h4M4 12h16M16 8h4M16 16h4");
const IconText = make("IconText", "M14 3v4a1 1 0 0 0 1 1h4M17 21H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h7l5 5v11a2 2 0 0 1-2 2M9 9h1M9 13h6M9 17h6");
const IconZip = make("IconZip", "M6 20.735A2 2 0 0 1 5 19V5a2 2 0 0 1 2-2h7l5 5v11a2 2 0 0 1-2 2h-1M11 17a2 2 0 0 1 2 2v2a1 1 0 0 1-1 1h-2a1 1 0 0 1-1-1v-2a2 2 0 0 1 2-2M11 5h-1M13 7h-1M11 9h-1M13 11h-1M11 13h-1M13 15h-1");
const IconPresentation = make("IconPresentation", "M3 4h18M4 4v10a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V4M12 16v4M9 20h6M8 12l3-3l2 2l3-3");
const IconFile = make("IconFile", "M14 3v4a1 1 0 0 0 1 1h4M17 21H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h7l5 5v11a2 2 0 0 1-2 2");

/** kindIcons gives each kind of file its icon. */
export const kindIcons: Record<FileKind, typeof IconFile> = {
  folder: IconFolder,
  image: IconPhoto,
  pdf: IconPdf,
  audio: IconMusic,
  video: IconMovie,
  text: IconText,
  archive: IconZip,
  sheet: IconTable,
  slides: IconPresentation,
  doc: IconDoc,
  file: IconFile,
};
