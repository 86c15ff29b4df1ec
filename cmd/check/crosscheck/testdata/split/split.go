package split

// Name is the platform's name, from a file of its own.
func Name() string { return name }
