package sim

// Deterministic identifiers. AWS's unique ids and keys look random; rolesim
// derives them from a seed and a counter with splitmix64, so the same
// scenario yields the same ids on every run and machine, and no real RNG is
// ever read.

const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" // 32 symbols, as AWS's ids use upper case and digits

const secretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// idSource yields a deterministic stream of pseudo-random words.
type idSource struct{ state uint64 }

// newIDSource seeds a stream from a label (FNV-1a of its bytes).
func newIDSource(label string) idSource {
	return idSource{state: fnv64(label)}
}

func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// next is splitmix64.
func (s *idSource) next() uint64 {
	s.state += 0x9E3779B97F4A7C15
	z := s.state
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// appendChars appends n characters drawn from alphabet, whose length must be
// 32 or 64: each 64-bit word yields 12 (5-bit) or 10 (6-bit) characters.
func (s *idSource) appendChars(b []byte, n int, alphabet string) []byte {
	bits, per := uint(6), 10
	if len(alphabet) == 32 {
		bits, per = 5, 12
	}
	mask := uint64(len(alphabet) - 1)
	start := len(b)
	b = append(b, make([]byte, n)...)
	out := b[start:]
	for i := 0; i < n; {
		w := s.next()
		for j := 0; j < per && i < n; j++ {
			out[i] = alphabet[w&mask]
			w >>= bits
			i++
		}
	}
	return b
}

// uniqueID returns prefix followed by n id characters, e.g. AROA + 17.
func uniqueID(label, prefix string, n int) string {
	src := newIDSource(label)
	b := make([]byte, 0, len(prefix)+n)
	b = append(b, prefix...)
	return string(src.appendChars(b, n, idAlphabet))
}
