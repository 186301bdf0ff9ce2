#!/usr/bin/perl
# Line protocol for the code generator's byte-parity tests: one JSON request per line, one reply per line.
#   {"t": TEMPLATE, "a": [ARG...]}   ->  hex of pack(TEMPLATE, ARGS)   (or "ERR message")
# ARG: {"n": "decimal"}                an integer (exact, any size Perl handles)
#      {"d": "16 hex digits"}          a double given by its little-endian bits (exact)
#      {"h": "hex"}                    a byte string
#      {"p": {"t": ..., "a": [...]}}   the bytes of a nested pack
#      {"l": {"t": ..., "a": [...]}}   the byte length of a nested pack
use strict;
use warnings FATAL => 'all';
use JSON::PP;

$| = 1;
my $json = JSON::PP->new;

sub arg {
    my ($a) = @_;
    return $a->{n} + 0 if exists $a->{n} && $a->{n} !~ /^-?\d{16,}$/;
    return $a->{n} if exists $a->{n};   # big integers stay strings: pack parses them exactly
    return unpack("d<", pack("H*", $a->{d})) if exists $a->{d};
    return pack("H*", $a->{h}) if exists $a->{h};
    return run($a->{p}) if exists $a->{p};
    return length(run($a->{l})) if exists $a->{l};
    die "bad argument";
}

sub run {
    my ($req) = @_;
    my @args = map { arg($_) } @{ $req->{a} };
    return pack($req->{t}, @args);
}

while (my $line = <STDIN>) {
    chomp $line;
    my $out = eval { unpack("H*", run($json->decode($line))) };
    if (defined $out) { print "$out\n" } else { my $e = $@; $e =~ s/\n/ /g; print "ERR $e\n" }
}
