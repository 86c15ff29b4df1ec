package mapped

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// HeaderSize is the size of the header the phrase-table and sections
// files start with (little-endian): magic (8 bytes), version u32, entry
// count u32, file size u64, CRC-32 of the whole file with this field zero
// u32, pad u32.
const HeaderSize = 32

const crcAt = 24 // the header's CRC field

// Header names a file format that starts with that header.
type Header struct {
	Magic   string // 8 bytes
	Version uint32
	Name    string // in messages: "a <Name> file"
}

// Check reads data's header and returns its entry count, or why the
// file is refused: another format, another version, or a size other than
// the header's (a truncated file).
func (h Header) Check(data []byte) (count int, err error) {
	if len(data) < HeaderSize || string(data[:8]) != h.Magic {
		return 0, fmt.Errorf("not a %s file", h.Name)
	}
	le := binary.LittleEndian
	if v := le.Uint32(data[8:]); v != h.Version {
		return 0, fmt.Errorf("version %d, want %d", v, h.Version)
	}
	if size := le.Uint64(data[16:]); size != uint64(len(data)) {
		return 0, fmt.Errorf("%d bytes, the header says %d (truncated?)", len(data), size)
	}
	return int(le.Uint32(data[12:])), nil
}

// Write fills in the header of out, a whole file of count entries, CRC
// included: call it once the rest of out is written.
func (h Header) Write(out []byte, count int) {
	le := binary.LittleEndian
	copy(out, h.Magic)
	le.PutUint32(out[8:], h.Version)
	le.PutUint32(out[12:], uint32(count))
	le.PutUint64(out[16:], uint64(len(out)))
	le.PutUint32(out[crcAt:], fileCRC(out))
}

// CheckCRC checks the CRC of a whole file against its header's.
func CheckCRC(data []byte) error {
	if want, got := binary.LittleEndian.Uint32(data[crcAt:]), fileCRC(data); want != got {
		return fmt.Errorf("CRC %08x, the header says %08x", got, want)
	}
	return nil
}

// fileCRC is the CRC-32 (IEEE) of data with the CRC field read as zero.
func fileCRC(data []byte) uint32 {
	crc := crc32.ChecksumIEEE(data[:crcAt])
	crc = crc32.Update(crc, crc32.IEEETable, make([]byte, 4))
	return crc32.Update(crc, crc32.IEEETable, data[crcAt+4:])
}
