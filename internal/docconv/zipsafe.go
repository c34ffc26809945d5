// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Limits of an office file (DOCX, ODT) to import.
const (
	// MaxOffice bounds the file itself.
	MaxOffice = 20 << 20
	// maxEntries bounds the files in the archive.
	maxEntries = 2000
	// maxPart bounds one uncompressed part (document.xml…).
	maxPart = 32 << 20
	// maxUnzipped bounds everything read out of the archive.
	maxUnzipped = 64 << 20
	// maxRatio bounds the compression ratio of a large part: real
	// documents compress XML about 10×, a zip bomb thousands of times.
	maxRatio = 200
)

// errZipBomb is the message for archives that would expand too much.
var errZipBomb = errs.Explain(errs.TooLarge, "The file expands to too much data once uncompressed (a zip bomb?).")

// safeZip reads parts of an office archive within limits: the number of
// entries, each part's size and compression ratio as declared, the real
// size read (never more than declared), and the total read.
type safeZip struct {
	files map[string]*zip.File
	read  int64
}

// openZip checks that data is a zip archive of sane shape.
func openZip(data []byte, kind string) (*safeZip, error) {
	if len(data) > MaxOffice {
		return nil, errs.Explain(errs.TooLarge, "The file is larger than %d MiB.", MaxOffice>>20)
	}
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, errs.Explain(errs.Invalid, "The file is not a %s document (it is not a zip package).", kind)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errs.Explain(errs.Invalid, "The file is not a %s document (its zip package is damaged).", kind)
	}
	if len(zr.File) > maxEntries {
		return nil, errs.Explain(errs.Invalid, "The file holds more than %d parts.", maxEntries)
	}
	z := &safeZip{files: make(map[string]*zip.File, len(zr.File))}
	var declared uint64
	for _, f := range zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		if name == "" || strings.Contains(name, "\\") || strings.Contains(name, "..") {
			return nil, errs.Explain(errs.Invalid, "The file's package has a part with an unsafe name.")
		}
		declared += f.UncompressedSize64
		if declared > 4*maxUnzipped {
			return nil, errZipBomb
		}
		z.files[name] = f
	}
	return z, nil
}

// has reports whether the archive holds the part name.
func (z *safeZip) has(name string) bool {
	_, ok := z.files[strings.TrimPrefix(name, "/")]
	return ok
}

// part reads the part name, or returns (nil, nil) if it is absent.
func (z *safeZip) part(name string) ([]byte, error) {
	f, ok := z.files[strings.TrimPrefix(path.Clean("/"+name), "/")]
	if !ok {
		return nil, nil
	}
	size := f.UncompressedSize64
	if size > maxPart || z.read+int64(size) > maxUnzipped {
		return nil, errZipBomb
	}
	if size > 1<<20 && f.CompressedSize64 > 0 && size/f.CompressedSize64 > maxRatio {
		return nil, errZipBomb
	}
	rc, err := f.Open()
	if err != nil {
		return nil, errs.Explain(errs.Invalid, "The file's package is damaged (%s).", name)
	}
	defer rc.Close()
	// Never read more than declared: a part that is longer than it says
	// is refused (archive/zip also checks the size and checksum at EOF).
	data, err := io.ReadAll(io.LimitReader(rc, int64(size)+1))
	z.read += int64(len(data))
	if uint64(len(data)) > size || errors.Is(err, zip.ErrFormat) {
		// While reading, archive/zip returns ErrFormat only for a part
		// longer than its header declares.
		return nil, errZipBomb
	}
	if err != nil {
		// A bad checksum, a short or corrupt deflate stream: all the
		// file's fault.
		return nil, fmt.Errorf("docconv: read %s: %v: %w", name, err,
			errs.Explain(errs.Invalid, "The file's package is damaged (%s).", name))
	}
	return data, nil
}
