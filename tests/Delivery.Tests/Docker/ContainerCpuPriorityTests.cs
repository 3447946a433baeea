using Delivery.Docker;

namespace Delivery.Tests.Docker;

public sealed class ContainerCpuPriorityTests
{
    [Fact]
    public void Cgroup_v1_shares_are_raised_to_eight_host_threads()
    {
        var plan = ContainerCpuPriority.Plan(new ContainerCgroupFacts("cgroupfs", 1, IsRoot: true, Weight: 1024));

        var step = Assert.Single(plan.Steps);
        Assert.Equal("Weigh the containers as 8 host threads (was 1024)", step.Description);
        Assert.Equal(["sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && echo \"$2\" > \"$1\"", "container-cpu-priority", "/sys/fs/cgroup/cpu/docker/cpu.shares", "8192"], step.Command);
    }

    [Fact]
    public void Cgroup_v2_hands_the_group_the_cpu_controller_and_sets_its_weight()
    {
        var plan = ContainerCpuPriority.Plan(new ContainerCgroupFacts("cgroupfs", 2, IsRoot: true, Weight: null));

        var step = Assert.Single(plan.Steps);
        Assert.Contains("(was unset)", step.Description);
        Assert.Contains("echo +cpu > /sys/fs/cgroup/cgroup.subtree_control", step.Command[2]);
        Assert.Equal(["/sys/fs/cgroup/docker/cpu.weight", "800"], step.Command.Skip(4));
    }

    [Fact]
    public void A_group_already_at_the_weight_needs_nothing()
    {
        var plan = ContainerCpuPriority.Plan(new ContainerCgroupFacts("cgroupfs", 1, IsRoot: true, Weight: 8192));

        Assert.True(plan.IsEmpty);
        Assert.Contains("is 8192 (8 host threads)", plan.Render());
    }

    [Fact]
    public void Systemd_units_are_left_alone()
    {
        var plan = ContainerCpuPriority.Plan(new ContainerCgroupFacts("systemd", 2, IsRoot: true, Weight: null));

        Assert.True(plan.IsEmpty);
        Assert.Contains("the systemd driver gives each container a unit of its own", plan.Render());
    }

    [Fact]
    public void Without_root_nothing_is_written_and_the_summary_says_what_root_would_set()
    {
        var plan = ContainerCpuPriority.Plan(new ContainerCgroupFacts("cgroupfs", 1, IsRoot: false, Weight: 1024));

        Assert.True(plan.IsEmpty);
        Assert.Contains("not root, so /sys/fs/cgroup/cpu/docker/cpu.shares stays 1024 (as root: 8192)", plan.Render());
    }
}
