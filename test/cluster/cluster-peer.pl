# MR::IProto::Cluster behind a line protocol, for the balancing parity tests.
#   NEW <id> <balance> <servers>   build a cluster             -> OK
#   ACTIVE <id> <index> <0|1>      set a server's `active`     -> OK
#   PICK <id> <h<key hex> | ->     $cluster->server($key)      -> OK <server index>
#   SRAND <seed> / RAND <n>        Perl's PRNG, n rand() values as little-endian double hex
#   CRC h<data hex> [<init>]       Digest::CRC::crc32          -> OK <decimal>
#   PARSE h<servers hex>           the coerced server list     -> OK <host hex>,<port>,<weight> ...
# Errors answer ERR <message>.
use strict;
no warnings;
use MR::IProto::Cluster;
use Digest::CRC qw(crc32);
use Scalar::Util qw(refaddr);
$| = 1;

my %clusters;

sub unhex { my ($h) = @_; return pack('H*', substr($h, 1)) }

sub pick {
    my ($id, $key) = @_;
    my $cluster = $clusters{$id} or die "no cluster $id\n";
    my $server = $cluster->server($key eq '-' ? undef : unhex($key));
    my $list = $cluster->servers;
    my ($index) = grep { refaddr($list->[$_]) == refaddr($server) } 0 .. $#$list;
    return "OK $index";
}

while (my $line = <STDIN>) {
    chomp $line;
    my ($op, @args) = split / /, $line;
    my $answer = eval {
        if ($op eq 'NEW') {
            my ($id, $balance, $servers) = @args;
            $clusters{$id} = MR::IProto::Cluster->new(servers => $servers, balance => $balance);
            'OK';
        } elsif ($op eq 'ACTIVE') {
            my ($id, $index, $on) = @args;
            $clusters{$id}->servers->[$index]->active($on);
            'OK';
        } elsif ($op eq 'PICK') {
            pick(@args);
        } elsif ($op eq 'SRAND') {
            srand($args[0]);
            'OK';
        } elsif ($op eq 'RAND') {
            join ' ', 'OK', map { unpack('H*', pack('d<', rand())) } 1 .. $args[0];
        } elsif ($op eq 'CRC') {
            my $data = unhex($args[0]);
            'OK ' . (defined $args[1] ? crc32($data, $args[1]) : crc32($data));
        } elsif ($op eq 'PARSE') {
            my $cluster = MR::IProto::Cluster->new(servers => unhex($args[0]));
            join ' ', 'OK', map { join ',', unpack('H*', $_->host), $_->port, $_->weight } @{ $cluster->servers };
        } else {
            die "unknown request\n";
        }
    };
    if (defined $answer) {
        print "$answer\n";
    } else {
        my $error = $@;
        $error =~ s/\s+/ /g;
        print 'ERR ', substr($error, 0, 200), "\n";
    }
}
