#!/usr/bin/perl
# Perl MR::IProto, async (AnyEvent), closed loop: `perl-client.pl PORT IN_FLIGHT WARMUP_MS MEASURE_MS`.
# The per-server max_parallel is raised to IN_FLIGHT so that Perl's own queueing does not cap it.
# Prints one JSON line: {"rps":..,"p50":..,"p99":..,"cpuNs":..} (latencies in microseconds).
use strict;
use warnings;
use AnyEvent;
use Time::HiRes qw(time);
use MR::IProto;
use MR::IProto::Cluster;
use MR::IProto::Cluster::Server;

my ($port, $in_flight, $warmup_ms, $measure_ms) = @ARGV;
my $client = MR::IProto->new(
    cluster => MR::IProto::Cluster->new(servers => [
        MR::IProto::Cluster::Server->new(host => '127.0.0.1', port => $port, max_parallel => $in_flight, timeout => 2),
    ]),
    max_parallel => $in_flight,
);
my $body = pack 'L3', 1, 2, 3;
my ($measuring, $running, $count, $started_count, @latencies) = (0, 1, 0, 0);
my $done = AnyEvent->condvar;
my $active = $in_flight;
my $loop;
$loop = sub {
    unless ($running) { $done->send if --$active == 0; return }
    # Latency sampled on every 8th request, as bench/transport/worker.ts does.
    my $started = (++$started_count % 8) == 0 ? time : -1;
    $client->send({ msg => 17, data => $body, unpack => sub { $_[0] }, retry => 1 }, sub {
        if ($measuring) { $count++; push @latencies, time - $started if $started >= 0 }
        $loop->();
    });
};
$loop->() for 1 .. $in_flight;
my ($t0, $t1, $cpu0, $cpu1);
my $cpu = sub { my @t = times; $t[0] + $t[1] };
my $w1 = AnyEvent->timer(after => $warmup_ms / 1000, cb => sub {
    $measuring = 1;
    $t0 = time;
    $cpu0 = $cpu->();
});
my $w2 = AnyEvent->timer(after => ($warmup_ms + $measure_ms) / 1000, cb => sub {
    $measuring = 0;
    $t1 = time;
    $cpu1 = $cpu->();
    $running = 0;
});
$done->recv;
my @sorted = sort { $a <=> $b } @latencies;
my $at = sub { int(($sorted[int($_[0] * @sorted)] // 0) * 1e6 + 0.5) };
printf qq({"rps":%d,"p50":%d,"p99":%d,"cpuNs":%d}\n), $count / ($t1 - $t0), $at->(0.5), $at->(0.99), ($cpu1 - $cpu0) * 1e9 / ($count || 1);
