# Perl's own pack/unpack behind a line protocol, for the parity tests (test/pack/perl-peer.ts).
#   P t<template hex> <value>...  ->  OK h<packed hex>       | ERR <message>
#   U t<template hex> h<data hex>  ->  OK <value>...          | ERR <message>
# Values: d:<little-endian double hex> (a number), i:<decimal> (a bigint, as Perl sees its decimal
# string), s:<hex> (a byte string). unpack answers tag by what the scalar holds: i: integer, n: double,
# s: string.
use strict;
use B ();
no warnings;
$SIG{__WARN__} = sub { };
$| = 1;

sub decode_value {
    my ($tag, $body) = split /:/, $_[0], 2;
    $body = '' unless defined $body;
    return unpack('d<', pack('H*', $body)) if $tag eq 'd';
    return "$body" if $tag eq 'i';
    return pack('H*', $body) if $tag eq 's';
    die "bad value tag $_[0]\n";
}

sub encode_value {
    my ($v) = @_;
    my $flags = B::svref_2object(\$v)->FLAGS;
    return 's:' . unpack('H*', $v) if $flags & B::SVf_POK;
    return 'i:' . (($flags & B::SVf_IVisUV) ? sprintf('%u', $v) : sprintf('%d', $v)) if $flags & B::SVf_IOK;
    return 'n:' . unpack('H*', pack('d<', $v)) if $flags & B::SVf_NOK;
    return 'u:';
}

sub clean { my ($e) = @_; $e =~ s/ at \S+ line \d+.*//s; $e =~ s/\s+/ /g; return $e }

while (my $line = <STDIN>) {
    chomp $line;
    my ($op, $tpl, @rest) = split / /, $line;
    $tpl = pack('H*', substr($tpl, 1));
    if ($op eq 'P') {
        my @values = map { decode_value($_) } @rest;
        my $packed = eval { pack($tpl, @values) };
        print defined $packed ? 'OK h' . unpack('H*', $packed) . "\n" : 'ERR ' . clean($@) . "\n";
    } elsif ($op eq 'U') {
        my $data = pack('H*', substr($rest[0], 1));
        my @values = eval { unpack($tpl, $data) };
        print $@ ? 'ERR ' . clean($@) . "\n" : join(' ', 'OK', map { encode_value($_) } @values) . "\n";
    } else {
        print "ERR unknown request\n";
    }
}
