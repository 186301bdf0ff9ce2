#!/usr/bin/perl
# MR::IProto (the Perl client) against the server on 127.0.0.1:$ARGV[0]. Runs every case and prints
# one JSON line per case: {"case": name, "result": ...}, then "DONE".
use strict;
use warnings;
use AnyEvent;
use JSON::PP;
use Digest::MD5 qw(md5_hex);
use MR::IProto;

my $port = shift or die "usage: client.pl PORT\n";
my $json = JSON::PP->new->canonical;
local $| = 1;
sub report { print $json->encode({ case => $_[0], result => $_[1] }), "\n" }

my $client = MR::IProto->new(servers => "127.0.0.1:$port", timeout => 5);
my $u32 = sub { unpack 'L*', $_[0] };

# Sync, hash form: pack an array, unpack with a code ref.
report('sync-echo', $client->send({ msg => 1, data => [1, 2, 0xffffffff], pack => 'L*', unpack => $u32 }));
report('sync-reverse', $client->send({ msg => 2, data => [1, 2, 3], unpack => $u32 }));
report('sync-packed', $client->send({ msg => 5, data => pack('L', 5) . 'hello', unpack => sub { [unpack 'L/a*', $_[0]] } }));

# Async: many requests in flight over one connection; our server answers msg 4 out of order.
{
    my $cv = AnyEvent->condvar;
    my @bad;
    my $done = 0;
    for my $i (1 .. 200) {
        $cv->begin;
        $client->send({ msg => 4, data => [$i % 7, $i], unpack => $u32 }, sub {
            my ($data, $error) = @_;
            push @bad, "$i: " . ($error // 'no data') if $error || !$data || $data->[1] != $i;
            $done++;
            $cv->end;
        });
    }
    $cv->recv;
    report('async-out-of-order', { done => $done, bad => \@bad });
}

# send_bulk, sync: results may come in any order (as documented), so sort them.
{
    my $results = $client->send_bulk([ map { { msg => 1, data => [$_], unpack => $u32 } } 1 .. 10 ]);
    report('bulk', [ sort { $a <=> $b } map { $_->{data}[0] } @$results ]);
}

# no_reply: our server counts them; msg 6 asks for the count.
{
    $client->send({ msg => 3, no_reply => 1, data => [$_] }, sub {}) for 1 .. 5;
    my $cv = AnyEvent->condvar;
    my $t = AnyEvent->timer(after => 0.2, cb => $cv);
    $cv->recv;
    report('no-reply', $client->send({ msg => 6, data => [], unpack => $u32 }));
}

# A 1 MiB payload both ways.
{
    my $payload = join '', map { chr(($_ * 7) % 256) } 0 .. (1024 * 1024 - 1);
    my $back = $client->send({ msg => 1, data => $payload, unpack => sub { $_[0] } });
    report('large', { length => length($back->[0]), same => ($back->[0] eq $payload ? 1 : 0), md5 => md5_hex($back->[0]) });
}

# A message the server does not answer in time: MR::IProto's timeout.
{
    my $quick = MR::IProto->new(servers => "127.0.0.1:$port", timeout => 0.2);
    my $ok = eval { $quick->send({ msg => 7, data => [], unpack => $u32 }); 1 };
    report('timeout', { failed => $ok ? 0 : 1 });
}

print "DONE\n";
