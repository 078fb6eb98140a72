package sim

import "encoding/binary"

// Table-driven encoders for session credentials. writeCredentials encodes
// the same raw bytes as encoding/base32 and encoding/base64 (standard
// alphabets, no padding needed: the lengths are whole groups) would, but
// with one table lookup per two output characters instead of one per
// character, since this runs on every issued session.

// base64Pairs maps 12 input bits to their two base64 characters, the first
// in the low byte.
var base64Pairs = func() (t [1 << 12]uint16) {
	for i := range t {
		t[i] = uint16(secretAlphabet[i>>6]) | uint16(secretAlphabet[i&63])<<8
	}
	return t
}()

// base32Pairs maps 10 input bits to their two base32 characters, the first
// in the low byte.
var base32Pairs = func() (t [1 << 10]uint16) {
	for i := range t {
		t[i] = uint16(idAlphabet[i>>5]) | uint16(idAlphabet[i&31])<<8
	}
	return t
}()

// encodeBase64 writes the standard base64 encoding of src to dst. len(src)
// must be a multiple of 6 and len(dst) at least len(src)/3*4.
func encodeBase64(dst, src []byte) {
	for len(src) >= 6 && len(dst) >= 8 {
		var v uint64
		if len(src) >= 8 {
			v = binary.BigEndian.Uint64(src) >> 16
		} else {
			v = uint64(src[0])<<40 | uint64(src[1])<<32 | uint64(src[2])<<24 |
				uint64(src[3])<<16 | uint64(src[4])<<8 | uint64(src[5])
		}
		binary.LittleEndian.PutUint64(dst, uint64(base64Pairs[v>>36&0xFFF])|
			uint64(base64Pairs[v>>24&0xFFF])<<16|
			uint64(base64Pairs[v>>12&0xFFF])<<32|
			uint64(base64Pairs[v&0xFFF])<<48)
		src, dst = src[6:], dst[8:]
	}
}

// encodeBase32 writes the standard base32 encoding of src to dst. len(src)
// must be a multiple of 5 and len(dst) at least len(src)/5*8.
func encodeBase32(dst, src []byte) {
	for len(src) >= 5 && len(dst) >= 8 {
		var v uint64
		if len(src) >= 8 {
			v = binary.BigEndian.Uint64(src) >> 24
		} else {
			v = uint64(src[0])<<32 | uint64(src[1])<<24 | uint64(src[2])<<16 |
				uint64(src[3])<<8 | uint64(src[4])
		}
		binary.LittleEndian.PutUint64(dst, uint64(base32Pairs[v>>30&0x3FF])|
			uint64(base32Pairs[v>>20&0x3FF])<<16|
			uint64(base32Pairs[v>>10&0x3FF])<<32|
			uint64(base32Pairs[v&0x3FF])<<48)
		src, dst = src[5:], dst[8:]
	}
}
