#!/usr/bin/env perl
# Where a build's time goes: the Makefile runs each phase of `make local`
# and `make test` through this script, which appends one line per phase to
# a file, and prints the table at the end.
#
#   perl scripts/phase.pl run FILE NAME CMD [ARG…]   run CMD; append NAME's times to FILE
#   perl scripts/phase.pl table FILE [TITLE]        print FILE's phases and their sum
#
# A line is "NAME<TAB>start (Unix seconds)<TAB>wall seconds<TAB>CPU seconds
# (user + sys of the command and every process it waited for)"; local
# mode's prepare and serve append theirs in the same form
# (internal/devtools/phases). With FILE empty, run only runs CMD. Perl,
# because the first phases run before anything is compiled, and Time::HiRes
# is in every perl, macOS's included.
use strict;
use warnings;
use Time::HiRes qw(time);

my $verb = shift // '';
if ($verb eq 'run') {
    my ($file, $name, @cmd) = @ARGV;
    die "usage: phase.pl run FILE NAME CMD [ARG…]\n" unless defined $name && @cmd;
    my $start = time;
    my (undef, undef, $cu0, $cs0) = times;
    my $rc = system { $cmd[0] } @cmd;
    warn "phase.pl: cannot run $cmd[0]: $!\n" if $rc == -1;
    my (undef, undef, $cu1, $cs1) = times;
    # A phase file that cannot be written loses the timing, never the
    # command's own exit status.
    if ($file ne '' && open my $fh, '>>', $file) {
        printf $fh "%s\t%.3f\t%.3f\t%.3f\n", $name, $start, time - $start, ($cu1 - $cu0) + ($cs1 - $cs0);
        close $fh;
    } elsif ($file ne '') {
        warn "phase.pl: $file: $!\n";
    }
    exit($rc == -1 ? 127 : $rc & 127 ? 128 + ($rc & 127) : $rc >> 8);
} elsif ($verb eq 'table') {
    my ($file, $title) = @ARGV;
    open my $fh, '<', $file or exit 0;    # nothing was recorded
    my @rows;
    while (<$fh>) {
        chomp;
        my @f = split /\t/;
        push @rows, [@f] if @f == 4;
    }
    exit 0 unless @rows;
    my ($t0, $t1, $cpu) = ($rows[0][1], 0, 0);
    for my $r (@rows) {
        $t0 = $r->[1] if $r->[1] < $t0;
        $t1 = $r->[1] + $r->[2] if $r->[1] + $r->[2] > $t1;
        $cpu += $r->[3] if $r->[3] > 0;
    }
    printf "\n%s\n", $title // 'phases';
    printf "  %-34s %8s %8s %8s\n", 'phase', 'from', 'wall', 'CPU';
    printf "  %-34s %7.1fs %7.1fs %7.1fs\n", $_->[0], $_->[1] - $t0, $_->[2], $_->[3] for @rows;
    printf "  %-34s %8s %7.1fs %7.1fs   load average %s\n", 'total (phases may overlap)', '', $t1 - $t0, $cpu, load();
    exit 0;
}
die "usage: phase.pl run FILE NAME CMD [ARG…] | phase.pl table FILE [TITLE]\n";

# load is the 1, 5 and 15 minute load averages (Linux, then BSD and macOS).
sub load {
    if (open my $fh, '<', '/proc/loadavg') {
        my @l = split ' ', <$fh>;
        return "@l[0..2]";
    }
    my $l = `sysctl -n vm.loadavg 2>/dev/null` // '';
    $l =~ s/[{}]//g;
    return join ' ', (split ' ', $l)[0..2];
}
