// The README's example (README "Use it") in Go, against the Go module jsii-pacmak generated
// into dist/go (see go.mod) and aws-cdk-lib's Go module. `npx projen languages` runs it and
// compares its templates with the TypeScript example's.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsappstream"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-appstream-imported-image/cdk-appstream-imported-image-go/cdkappstreamimportedimage"
)

func main() {
	defer jsii.Close()

	app := awscdk.NewApp(nil)
	imageStack := awscdk.NewStack(app, jsii.String("ImageStack"), nil)

	image := cdkappstreamimportedimage.NewImportedImage(imageStack, jsii.String("GoldenImage"), &cdkappstreamimportedimage.ImportedImageProps{
		Source:      cdkappstreamimportedimage.ImageSource_FromAmiId(jsii.String("ami-0123456789abcdef0")),
		DisplayName: jsii.String("Golden Windows image"),
		Timeout:     awscdk.Duration_Hours(jsii.Number(3)),
	})

	// In another stack: the fleet reads the image's ARN from an SSM parameter the image publishes
	// once it is AVAILABLE. The fleet stack deploys after the image stack, and follows every new
	// image (a new AMI) in the same `cdk deploy --all`.
	fleetStack := awscdk.NewStack(app, jsii.String("FleetStack"), nil)
	awsappstream.NewCfnFleet(fleetStack, jsii.String("Fleet"), &awsappstream.CfnFleetProps{
		Name:         jsii.String("golden-fleet"),
		InstanceType: jsii.String("GeneralPurpose.t3.large"),
		ImageArn:     image.ReferenceFrom(fleetStack).ImageArn(),
		ComputeCapacity: &awsappstream.CfnFleet_ComputeCapacityProperty{
			DesiredInstances: jsii.Number(2),
		},
	})

	app.Synth(nil)
}
