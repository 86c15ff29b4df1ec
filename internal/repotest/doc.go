// Package repotest holds tests over the repository's own files rather than
// its code: the workflows' actions pinned to commits, Dependabot covering
// every ecosystem, and the links of the README and docs/ resolving.
package repotest
