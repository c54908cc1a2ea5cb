package pipeline

// duplicateInputs finds inputs with the same content (SHA-256) as an earlier input of the
// batch: the same PDF downloaded twice, or copied under another name. Each is converted
// once; the repeats map to the index of the first. A file that cannot be read is left to
// its conversion, which reports it.
func duplicateInputs(inputs []Input) map[int]int {
	first := map[string]int{}
	dups := map[int]int{}
	for i, in := range inputs {
		sha, err := fileSHA256(in.Path)
		if err != nil {
			continue
		}
		if j, ok := first[sha]; ok {
			dups[i] = j
			continue
		}
		first[sha] = i
	}
	return dups
}
